/*
 * server_conns.c: connections nginx keeps open, served by any thread
 *
 * With fastcgi_keep_conn, nginx sends request after request on one
 * connection, and saves the connect, accept and close of each.  libfcgi
 * reads a kept connection's next request with the thread that accepted
 * it, so every idle connection in nginx's pool would hold a thread, and a
 * connection nginx opens beyond them waits in the backlog behind requests
 * that arrive on kept ones (p99 71 to 229 ms measured with 12 threads for
 * 32 clients, tests/bench/findings.md).  Here no thread waits on one
 * connection: between requests a kept connection goes into an epoll set
 * shared with the listening socket, and whichever thread is free takes
 * the next thing that is ready, a request on a kept connection or a new
 * connection to accept.  Each is armed one-shot, so one thread at a time
 * has it; the listening socket is armed again as soon as its thread has
 * accepted.  libfcgi still accepts (and checks the web server's address),
 * reads and writes: only its ipcFd is handed from thread to thread.
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "core/log.h"
#include "server.h"

/* The epoll set of the listening socket, or -1. */
int
server_conns_new(int sock)
{
	struct epoll_event	 ev;
	int			 ep;

	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		log_error("epoll_create1: %s", strerror(errno));
		return -1;
	}
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.fd = sock;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, sock, &ev) == -1) {
		log_error("epoll_ctl: %s", strerror(errno));
		close(ep);
		return -1;
	}
	return ep;
}

static void
arm(int ep, int fd, uint32_t events)
{
	struct epoll_event	 ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = events | EPOLLONESHOT;
	ev.data.fd = fd;
	if (epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev) == -1 &&
	    (errno != ENOENT || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == -1)) {
		log_error("epoll_ctl: %s", strerror(errno));
		if (events & EPOLLRDHUP)
			close(fd);	/* a kept connection nobody would read */
	}
}

/*
 * Wait up to a second for a request and accept it into req: 0 with a
 * request, 1 with none (the second passed, or a kept connection closed),
 * -1 if accepting failed.
 */
int
server_conns_next(int ep, int sock, FCGX_Request *req)
{
	struct epoll_event	 ev;
	int			 n, rc;

	if ((n = epoll_wait(ep, &ev, 1, 1000)) <= 0)
		return 1;
	if (ev.data.fd == sock) {
		req->ipcFd = -1;
		rc = FCGX_Accept_r(req);
		arm(ep, sock, EPOLLIN);
		return rc < 0 ? -1 : 0;
	}
	if (ev.events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
		close(ev.data.fd);	/* nginx closed it; this leaves the set */
		return 1;
	}
	/*
	 * FCGX_Accept_r first finishes the request before: keepConnection
	 * says not to close the connection it is given.  It then reads the
	 * next request from ipcFd; should nginx have closed it meanwhile,
	 * libfcgi closes it and accepts a new connection instead.
	 */
	req->keepConnection = 1;
	req->ipcFd = ev.data.fd;
	return FCGX_Accept_r(req) < 0 ? -1 : 0;
}

/*
 * After FCGX_Finish_r: a connection nginx keeps goes back into the set,
 * for any thread; req no longer has one.
 */
void
server_conns_keep(int ep, FCGX_Request *req)
{
	if (req->ipcFd < 0)
		return;
	arm(ep, req->ipcFd, EPOLLIN | EPOLLRDHUP);
	req->ipcFd = -1;
	FCGX_Attach(req);	/* as a close would: the next one starts attached */
}
