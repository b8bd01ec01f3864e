#ifndef PBRUN_CEPOLL_SHIM_H
#define PBRUN_CEPOLL_SHIM_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/prctl.h>

/* EPOLL* flags are enum values in glibc's header but some are macros of macros; export them as
   plain constants so Swift sees one spelling. */
static const unsigned int pbrun_EPOLLIN = EPOLLIN;
static const unsigned int pbrun_EPOLLOUT = EPOLLOUT;
static const unsigned int pbrun_EPOLLERR = EPOLLERR;
static const unsigned int pbrun_EPOLLHUP = EPOLLHUP;
static const unsigned int pbrun_EPOLLRDHUP = EPOLLRDHUP;
static const unsigned int pbrun_EPOLLONESHOT = EPOLLONESHOT;

/* Names the calling thread (at most 15 bytes show); prctl is variadic, so Swift cannot call it. */
static inline int pbrun_set_thread_name(const char *name) { return prctl(PR_SET_NAME, name, 0, 0, 0); }
#endif
