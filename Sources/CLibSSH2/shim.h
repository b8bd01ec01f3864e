#ifndef PBRUN_CLIBSSH2_SHIM_H
#define PBRUN_CLIBSSH2_SHIM_H
#include <libssh2.h>
#include <libssh2_sftp.h>

/* RSA-SHA2 user and host keys (and channel signals) need libssh2 1.11; scripts/libssh2-build
   provides it where the system's is older. */
#if LIBSSH2_VERSION_NUM < 0x010b00
#error "pbrun needs libssh2 1.11 or newer: run scripts/install-deps (or make deps)"
#endif

/* Swift imports function-like and some arithmetic macros as nothing: re-export the ones pbrun
   needs as constants. */
static const int pbrun_LIBSSH2_ERROR_EAGAIN = LIBSSH2_ERROR_EAGAIN;
static const int pbrun_LIBSSH2_SESSION_BLOCK_INBOUND = LIBSSH2_SESSION_BLOCK_INBOUND;
static const int pbrun_LIBSSH2_SESSION_BLOCK_OUTBOUND = LIBSSH2_SESSION_BLOCK_OUTBOUND;
static const unsigned int pbrun_LIBSSH2_CHANNEL_WINDOW_DEFAULT = LIBSSH2_CHANNEL_WINDOW_DEFAULT;
static const unsigned int pbrun_LIBSSH2_CHANNEL_PACKET_DEFAULT = LIBSSH2_CHANNEL_PACKET_DEFAULT;
static const char *const pbrun_LIBSSH2_VERSION = LIBSSH2_VERSION;
static const int pbrun_LIBSSH2_VERSION_NUM = LIBSSH2_VERSION_NUM;
/* Where the libssh2 pbrun is built against came from: scripts/libssh2-build writes this header next
   to the libssh2.h it builds; without it the headers are the system package's. */
#if __has_include(<pbrun_libssh2_origin.h>)
#include <pbrun_libssh2_origin.h>
#else
#define PBRUN_LIBSSH2_ORIGIN "system package libssh2-1-dev"
#endif
static const char *const pbrun_LIBSSH2_ORIGIN = PBRUN_LIBSSH2_ORIGIN;
/* Known-hosts type masks and results (shifted macros Swift does not import reliably). */
static const int pbrun_KNOWNHOST_TYPE_PLAIN = LIBSSH2_KNOWNHOST_TYPE_PLAIN;
static const int pbrun_KNOWNHOST_KEYENC_RAW = LIBSSH2_KNOWNHOST_KEYENC_RAW;
static const int pbrun_KNOWNHOST_KEY_SSHRSA = LIBSSH2_KNOWNHOST_KEY_SSHRSA;
static const int pbrun_KNOWNHOST_KEY_ECDSA_256 = LIBSSH2_KNOWNHOST_KEY_ECDSA_256;
static const int pbrun_KNOWNHOST_KEY_ECDSA_384 = LIBSSH2_KNOWNHOST_KEY_ECDSA_384;
static const int pbrun_KNOWNHOST_KEY_ECDSA_521 = LIBSSH2_KNOWNHOST_KEY_ECDSA_521;
static const int pbrun_KNOWNHOST_KEY_ED25519 = LIBSSH2_KNOWNHOST_KEY_ED25519;
static const int pbrun_KNOWNHOST_FILE_OPENSSH = LIBSSH2_KNOWNHOST_FILE_OPENSSH;

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

/* What a libssh2 session's abstract pointer points at, the only context libssh2 hands its
   callbacks: one struct, owned by pbrun's SessionContext, so the receive callbacks (which count
   bytes) and the agent transport (which bounds the agent's socket) never reinterpret each other's
   data. */
typedef struct pbrun_session_context {
    /* Bytes received on the SSH socket: a call on one channel may read packets for others, and
       this is how pbrun knows to wake their tasks. The agent's socket is never counted. */
    unsigned long long received;
    /* While an ssh-agent connection is in use (AgentTransport), each agent answer's limit in
       milliseconds, and the send/receive callbacks the agent transport stands in front of;
       0 and NULL otherwise. */
    int agent_timeout_ms;
    void *agent_previous_recv;
    void *agent_previous_send;
} pbrun_session_context;

/* Adds `received` bytes to the session's count, when the session has a context. */
static inline void pbrun_count_received(void **abstract, ssize_t received) {
    if (received > 0 && abstract != NULL && *abstract != NULL)
        ((pbrun_session_context *)*abstract)->received += (unsigned long long)received;
}

/* A libssh2 receive callback that re-arms TCP_QUICKACK after every read: sshd delays its ACKs on
   exec sessions, and the kernel clears QUICKACK after each ACK, so without this a short request
   (channel open, exec) can wait ~40 ms for a delayed ACK. Returns -errno on failure, as libssh2's
   own receive function does. */
static inline ssize_t pbrun_recv_quickack(libssh2_socket_t socket, void *buffer, size_t length,
                                          int flags, void **abstract) {
    ssize_t received = recv(socket, buffer, length, flags);
    if (received < 0) return -errno;
    pbrun_count_received(abstract, received);
    int one = 1;
    (void)setsockopt(socket, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    return received;
}

/* The same without TCP_QUICKACK, for sessions over a local socket pair (a jump host's tunnel). */
static inline ssize_t pbrun_recv_counting(libssh2_socket_t socket, void *buffer, size_t length,
                                         int flags, void **abstract) {
    ssize_t received = recv(socket, buffer, length, flags);
    if (received < 0) return -errno;
    pbrun_count_received(abstract, received);
    return received;
}

/* Installs pbrun_recv_counting as the session's receive function. */
static inline void pbrun_install_counting_recv(LIBSSH2_SESSION *session) {
    libssh2_session_callback_set(session, LIBSSH2_CALLBACK_RECV, (void *)pbrun_recv_counting);
}

/* Installs pbrun_recv_quickack as the session's receive function. */
static inline void pbrun_install_quickack_recv(LIBSSH2_SESSION *session) {
    libssh2_session_callback_set(session, LIBSSH2_CALLBACK_RECV, (void *)pbrun_recv_quickack);
}
#endif
