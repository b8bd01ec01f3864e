/// Expected console output for `ReportFixtures.deployRun()` (plain mode, no colour, fixed clock).
/// Reviewed by eye: prefixes, failure tails, masking, escapes of the hostile host and non-UTF-8 bytes.
enum ConsoleGolden {
    /// Default verbosity: a line per host and step, failures with their stderr tail, the recap.
    static let normal = #"""
pbrun 0.1.0: playbooks/deploy.yml on 4 hosts
PLAY [deploy]
db01 (10.0.0.9:22): unreachable: connection refused (password ******** not tried)
STEP [deploy / 01-check check disk]
web01 | deploy/01-check | ok (0.3s)
web02 | deploy/01-check | ok (0.3s)
web&<03>"'/|*_ | deploy/01-check | ok (0.3s)
STEP [deploy / 02-migrate run migrations]
web01 | deploy/02-migrate | changed (3.0s)
web02 | deploy/02-migrate | FAILED exit 3 (1.5s) at playbooks/deploy.yml:10:7
web02 | deploy/02-migrate | exit code 3 not in ok_exit [0]
web02 | deploy/02-migrate | stderr: migration 0042 failed
web02 | deploy/02-migrate | stderr: ERROR: password ******** rejected \x1B[31m\xFF\xFE
web&<03>"'/|*_ | deploy/02-migrate | skipped (0.0s): creates: /opt/app/.migrated exists
STEP [deploy / 03-restart]
web01 | deploy/03-restart | changed (0.5s)
web&<03>"'/|*_ | deploy/03-restart | TIMED OUT signal TERM (5.0s) at playbooks/deploy.yml:14:7
web&<03>"'/|*_ | deploy/03-restart | timed out after 5s
web&<03>"'/|*_ | deploy/03-restart | stdout: </pre><script>alert(1)</script>]]>
STEP [deploy / h01-reload reload nginx]
web01 | deploy/h01-reload | changed (0.2s)
max_fail_percentage 80% in play 'deploy' batch 1: 3/4 hosts failed (75%): run continues
PLAY [verify]
STEP [verify / 01-health]
interrupted: no new steps start; running steps get the grace period (Ctrl-C again to stop now)
web01 | verify/01-health | ok (0.8s)

RECAP
web&<03>"'/|*_ : ok=1   changed=0   skipped=1   failed=1   ignored=0   unreachable=0   not_reached=1   time=8.5s
web02          : ok=1   changed=0   skipped=0   failed=1   ignored=0   unreachable=0   not_reached=2   time=2.0s
db01           : ok=0   changed=0   skipped=0   failed=0   ignored=0   unreachable=1   not_reached=3   time=0.0s
web01          : ok=2   changed=3   skipped=0   failed=0   ignored=0   unreachable=0   time=9.4s

SLOWEST HOSTS
  9.4s    web01
  8.5s    web&<03>"'/|*_
  2.0s    web02

SLOWEST STEPS
  5.0s    deploy / 03-restart (web&<03>"'/|*_)
  3.0s    deploy / 02-migrate run migrations (web01)
  0.8s    verify / 01-health (web01)
  0.3s    deploy / 01-check check disk (web01)
  0.2s    deploy / h01-reload reload nginx (web01)

INTERRUPTED (graceful)

"""#

    /// `-v`: every output line too, prefixed by host and step (`!` marks stderr).
    static let verbose = #"""
pbrun 0.1.0: playbooks/deploy.yml on 4 hosts
PLAY [deploy]
db01 (10.0.0.9:22): unreachable: connection refused (password ******** not tried)
STEP [deploy / 01-check check disk]
web01 | deploy/01-check | /dev/sda1 41% used
web01 | deploy/01-check | ok (0.3s)
web02 | deploy/01-check | /dev/sda1 41% used
web02 | deploy/01-check | ok (0.3s)
web&<03>"'/|*_ | deploy/01-check | /dev/sda1 41% used
web&<03>"'/|*_ | deploy/01-check | ok (0.3s)
STEP [deploy / 02-migrate run migrations]
web01 | deploy/02-migrate | applying 0042
web02 | deploy/02-migrate ! migration 0042 failed
web01 | deploy/02-migrate | using pass=******** ok
web01 | deploy/02-migrate | changed (3.0s)
web02 | deploy/02-migrate ! ERROR: password ******** rejected \x1B[31m\xFF\xFE
web02 | deploy/02-migrate | FAILED exit 3 (1.5s) at playbooks/deploy.yml:10:7
web02 | deploy/02-migrate | exit code 3 not in ok_exit [0]
web02 | deploy/02-migrate | stderr: migration 0042 failed
web02 | deploy/02-migrate | stderr: ERROR: password ******** rejected \x1B[31m\xFF\xFE
web&<03>"'/|*_ | deploy/02-migrate | skipped (0.0s): creates: /opt/app/.migrated exists
STEP [deploy / 03-restart]
web01 | deploy/03-restart | changed (0.5s)
web&<03>"'/|*_ | deploy/03-restart | </pre><script>alert(1)</script>]]>
web&<03>"'/|*_ | deploy/03-restart | TIMED OUT signal TERM (5.0s) at playbooks/deploy.yml:14:7
web&<03>"'/|*_ | deploy/03-restart | timed out after 5s
web&<03>"'/|*_ | deploy/03-restart | stdout: </pre><script>alert(1)</script>]]>
STEP [deploy / h01-reload reload nginx]
web01 | deploy/h01-reload | changed (0.2s)
max_fail_percentage 80% in play 'deploy' batch 1: 3/4 hosts failed (75%): run continues
PLAY [verify]
STEP [verify / 01-health]
interrupted: no new steps start; running steps get the grace period (Ctrl-C again to stop now)
web01 | verify/01-health | checking
web01 | verify/01-health | healthy
web01 | verify/01-health | ok (0.8s)

RECAP
web&<03>"'/|*_ : ok=1   changed=0   skipped=1   failed=1   ignored=0   unreachable=0   not_reached=1   time=8.5s
web02          : ok=1   changed=0   skipped=0   failed=1   ignored=0   unreachable=0   not_reached=2   time=2.0s
db01           : ok=0   changed=0   skipped=0   failed=0   ignored=0   unreachable=1   not_reached=3   time=0.0s
web01          : ok=2   changed=3   skipped=0   failed=0   ignored=0   unreachable=0   time=9.4s

SLOWEST HOSTS
  9.4s    web01
  8.5s    web&<03>"'/|*_
  2.0s    web02

SLOWEST STEPS
  5.0s    deploy / 03-restart (web&<03>"'/|*_)
  3.0s    deploy / 02-migrate run migrations (web01)
  0.8s    verify / 01-health (web01)
  0.3s    deploy / 01-check check disk (web01)
  0.2s    deploy / h01-reload reload nginx (web01)

INTERRUPTED (graceful)

"""#

    /// `-q`: only failures, unreachable hosts, the interrupt and the recap.
    static let quiet = #"""
db01 (10.0.0.9:22): unreachable: connection refused (password ******** not tried)
web02 | deploy/02-migrate | FAILED exit 3 (1.5s) at playbooks/deploy.yml:10:7
web02 | deploy/02-migrate | exit code 3 not in ok_exit [0]
web02 | deploy/02-migrate | stderr: migration 0042 failed
web02 | deploy/02-migrate | stderr: ERROR: password ******** rejected \x1B[31m\xFF\xFE
web&<03>"'/|*_ | deploy/03-restart | TIMED OUT signal TERM (5.0s) at playbooks/deploy.yml:14:7
web&<03>"'/|*_ | deploy/03-restart | timed out after 5s
web&<03>"'/|*_ | deploy/03-restart | stdout: </pre><script>alert(1)</script>]]>
interrupted: no new steps start; running steps get the grace period (Ctrl-C again to stop now)

RECAP
web&<03>"'/|*_ : ok=1   changed=0   skipped=1   failed=1   ignored=0   unreachable=0   not_reached=1   time=8.5s
web02          : ok=1   changed=0   skipped=0   failed=1   ignored=0   unreachable=0   not_reached=2   time=2.0s
db01           : ok=0   changed=0   skipped=0   failed=0   ignored=0   unreachable=1   not_reached=3   time=0.0s
web01          : ok=2   changed=3   skipped=0   failed=0   ignored=0   unreachable=0   time=9.4s

SLOWEST HOSTS
  9.4s    web01
  8.5s    web&<03>"'/|*_
  2.0s    web02

SLOWEST STEPS
  5.0s    deploy / 03-restart (web&<03>"'/|*_)
  3.0s    deploy / 02-migrate run migrations (web01)
  0.8s    verify / 01-health (web01)
  0.3s    deploy / 01-check check disk (web01)
  0.2s    deploy / h01-reload reload nginx (web01)

INTERRUPTED (graceful)

"""#
}
