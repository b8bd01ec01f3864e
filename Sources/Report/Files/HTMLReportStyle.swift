/// The HTML report's stylesheet, inline so the file needs nothing else (no fonts, scripts or images).
enum HTMLReportStyle {
    static let css = """
    :root { --ok:#2e9e4f; --changed:#d99a00; --skipped:#3aa6c4; --failed:#d33a2c; --timed_out:#a0208e;
      --unreachable:#7b3fbf; --not_reached:#b9bec5; --connect:#8d96a0; }
    * { box-sizing: border-box; }
    body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px; color: #1d232a;
      background: #f6f7f9; }
    h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
    .meta { color: #56606b; font-size: 12px; } .meta code { font-size: 12px; }
    .badge { display: inline-block; padding: 2px 8px; border-radius: 10px; color: #fff; font-weight: 600;
      font-size: 12px; margin-left: 8px; vertical-align: middle; }
    .badge.good { background: var(--ok); } .badge.bad { background: var(--failed); }
    .badge.warn { background: var(--unreachable); }
    .cards { display: flex; gap: 10px; margin: 14px 0; flex-wrap: wrap; }
    .card { background: #fff; border-radius: 6px; padding: 8px 14px; box-shadow: 0 1px 2px rgba(0,0,0,.08);
      min-width: 92px; }
    .card b { display: block; font-size: 20px; } .card span { color: #56606b; font-size: 12px; }
    table { border-collapse: collapse; background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
    th, td { padding: 4px 10px; text-align: right; border-bottom: 1px solid #eceef1;
      font-variant-numeric: tabular-nums; }
    th:first-child, td:first-child { text-align: left; } th { background: #eef0f3; font-weight: 600; }
    td.nz-failed { color: var(--failed); font-weight: 700; }
    td.nz-unreachable { color: var(--unreachable); font-weight: 700; }
    td.nz-changed { color: var(--changed); }
    .timeline { background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.08); padding: 8px 12px 12px; }
    .row { display: flex; align-items: center; height: 22px; }
    .row .label { width: 180px; flex: none; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
      font-size: 12px; padding-right: 8px; }
    .track { position: relative; flex: 1; height: 16px; background: #f1f3f5; border-radius: 3px; }
    .axis { position: relative; flex: 1; height: 18px; font-size: 11px; color: #56606b; }
    .axis span { position: absolute; transform: translateX(-50%); white-space: nowrap; }
    .bar { position: absolute; top: 1px; height: 14px; border-radius: 2px; min-width: 3px; cursor: default;
      outline: 1px solid rgba(255,255,255,.7); }
    .bar.ok { background: var(--ok); } .bar.changed { background: var(--changed); }
    .bar.skipped { background: var(--skipped); } .bar.failed { background: var(--failed); }
    .bar.timed_out { background: var(--timed_out); } .bar.unreachable { background: var(--unreachable); }
    .bar.not_reached { background: var(--not_reached); } .bar.connect { background: var(--connect); }
    .bar .name { display: block; overflow: hidden; white-space: nowrap; text-overflow: clip; padding: 0 3px;
      font-size: 10px; line-height: 14px; color: #fff; }
    .bar.stopped { background: repeating-linear-gradient(45deg, #d33a2c33 0 4px, transparent 4px 8px);
      outline: none; }
    .stopped-swatch { background: repeating-linear-gradient(45deg, #d33a2c66 0 3px, transparent 3px 6px); }
    .tag.stopped { background: var(--failed); color: #fff; }
    .timeline .batch { margin: 8px 0 2px; padding-top: 4px; border-top: 1px dashed #c9ced4; font-size: 11px;
      font-weight: 600; color: #56606b; }
    .axis span { transform: translateX(-50%); }
    details { background: #fff; margin: 4px 0; padding: 4px 12px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
    details summary { cursor: pointer; } details pre { margin: 6px 0; } pre.stderr { border-left: 3px solid var(--failed); }
    .cut { color: #56606b; font-size: 12px; }
    .bar .tip { display: none; position: absolute; left: 0; top: 18px; z-index: 10; background: #1d232a; color: #fff;
      padding: 6px 8px; border-radius: 4px; font-size: 12px; white-space: pre; min-width: 180px;
      box-shadow: 0 2px 8px rgba(0,0,0,.3); }
    .bar:hover .tip { display: block; } .bar:hover { filter: brightness(1.15); z-index: 5; }
    .legend { display: flex; gap: 14px; font-size: 12px; margin: 6px 0 10px; flex-wrap: wrap; }
    .legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 4px;
      vertical-align: -2px; }
    .failure { background: #fff; border-left: 4px solid var(--failed); padding: 8px 12px; margin: 8px 0;
      box-shadow: 0 1px 2px rgba(0,0,0,.08); }
    .failure.unreachable { border-left-color: var(--unreachable); }
    .failure.ignored { border-left-color: var(--not_reached); color: #56606b; }
    .tag { display: inline-block; padding: 0 6px; border-radius: 8px; background: #eef0f3; color: #56606b;
      font-size: 11px; font-weight: 600; text-transform: uppercase; }
    h2 small { font-weight: normal; color: #56606b; font-size: 12px; }
    pre { background: #1d232a; color: #e8eaed; padding: 8px; border-radius: 4px; overflow-x: auto; font-size: 12px;
      max-height: 320px; }
    """
}
