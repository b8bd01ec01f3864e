#ifndef PBRUN_CLIBSSH2_SHIM_H
#define PBRUN_CLIBSSH2_SHIM_H
#include <libssh2.h>
#include <libssh2_sftp.h>

/* Swift imports function-like and some arithmetic macros as nothing: re-export the ones pbrun
   needs as constants. */
static const int pbrun_LIBSSH2_ERROR_EAGAIN = LIBSSH2_ERROR_EAGAIN;
static const int pbrun_LIBSSH2_SESSION_BLOCK_INBOUND = LIBSSH2_SESSION_BLOCK_INBOUND;
static const int pbrun_LIBSSH2_SESSION_BLOCK_OUTBOUND = LIBSSH2_SESSION_BLOCK_OUTBOUND;
static const unsigned int pbrun_LIBSSH2_CHANNEL_WINDOW_DEFAULT = LIBSSH2_CHANNEL_WINDOW_DEFAULT;
static const unsigned int pbrun_LIBSSH2_CHANNEL_PACKET_DEFAULT = LIBSSH2_CHANNEL_PACKET_DEFAULT;
static const char *const pbrun_LIBSSH2_VERSION = LIBSSH2_VERSION;
#endif
