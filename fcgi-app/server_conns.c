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
 * has it.  The listening socket is non-blocking and accepted here, and
 * armed again at once, before the new connection's first request is read:
 * a client that connects and says nothing holds one thread, not the
 * socket.  A kept connection is peeked at before libfcgi reads it, so
 * libfcgi never finds it closed and falls back to an accept of its own
 * (which, on the non-blocking socket, would answer EAGAIN: "nothing").
 * libfcgi still reads and writes: only its ipcFd is handed from thread to
 * thread.  After the stop, a finished connection is closed instead of
 * kept, so nginx sends nothing more on it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "core/log.h"
#include "core/stop.h"
#include "server.h"

/*
 * Who may connect over TCP: libfcgi's list (FCGI_WEB_SERVER_ADDRS, which
 * server_run() sets from fcgi_allow before any worker starts), read once.
 */
static char	 allowed[1024];

/* Is the TCP peer in the list (libfcgi's rule: no list allows any)? */
static int
peer_ok(const struct sockaddr_storage *ss)
{
	char	 addr[INET_ADDRSTRLEN], list[sizeof(allowed)], *p, *save;

	if (ss->ss_family != AF_INET || allowed[0] == '\0')
		return 1;
	if (inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr,
	    addr, sizeof(addr)) == NULL)
		return 0;
	snprintf(list, sizeof(list), "%s", allowed);
	for (p = strtok_r(list, ", ", &save); p != NULL;
	    p = strtok_r(NULL, ", ", &save))
		if (strcmp(p, addr) == 0)
			return 1;
	return 0;
}

/* The epoll set of the listening socket, or -1. */
int
server_conns_new(int sock)
{
	struct epoll_event	 ev;
	const char		*list = getenv("FCGI_WEB_SERVER_ADDRS");
	int			 ep, fl;

	snprintf(allowed, sizeof(allowed), "%s", list != NULL ? list : "");
	if ((fl = fcntl(sock, F_GETFL)) == -1 ||
	    fcntl(sock, F_SETFL, fl | O_NONBLOCK) == -1) {
		log_error("fcntl: %s", strerror(errno));
		return -1;
	}
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
 * libfcgi reads the request on fd into req: 0, or 1 if there was none
 * after all (a bad first record: libfcgi closed fd and its own accept on
 * the non-blocking socket found nothing).  keepConnection keeps the
 * FCGX_Finish_r that FCGX_Accept_r begins with from closing fd.
 */
static int
take(FCGX_Request *req, int fd)
{
	int	 rc;

	req->keepConnection = 1;
	req->ipcFd = fd;
	if ((rc = FCGX_Accept_r(req)) == 0)
		return 0;
	return rc == -EAGAIN || rc == -EWOULDBLOCK ? 1 : -1;
}

/* A new connection: accepted here, the socket armed again at once. */
static int
accept_one(int ep, int sock, FCGX_Request *req)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof(ss);
	int			 fd, on = 1, e;

	fd = accept4(sock, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
	e = errno;
	arm(ep, sock, EPOLLIN);
	if (fd == -1)	/* taken by another, or gone: nothing; else trouble */
		return e == EAGAIN || e == EWOULDBLOCK || e == ECONNABORTED ||
		    e == EINTR || e == EPROTO ? 1 : -1;
	if (!peer_ok(&ss)) {
		close(fd);	/* not the web server: closed unanswered */
		return 1;
	}
	if (ss.ss_family == AF_INET)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	return take(req, fd);
}

/* A kept connection is readable: a request, or nginx closed it. */
static int
kept_one(int ep, int fd, uint32_t events, FCGX_Request *req)
{
	char	 c;
	ssize_t	 n;

	if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
		close(fd);	/* nginx closed it; this leaves the set */
		return 1;
	}
	if ((n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT)) > 0)
		return take(req, fd);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR))
		arm(ep, fd, EPOLLIN | EPOLLRDHUP);	/* woken for nothing */
	else
		close(fd);
	return 1;
}

/*
 * Wait up to a second for a request and take it into req: 0 with a
 * request, 1 with none (the second passed, a kept connection closed, a
 * connection went to another thread), -1 if accepting failed (EMFILE ...).
 */
int
server_conns_next(int ep, int sock, FCGX_Request *req)
{
	struct epoll_event	 ev;

	if (epoll_wait(ep, &ev, 1, 1000) <= 0)
		return 1;
	if (ev.data.fd == sock)
		return accept_one(ep, sock, req);
	return kept_one(ep, ev.data.fd, ev.events, req);
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
	if (stop_requested())
		close(req->ipcFd);	/* nginx sends nothing more on it */
	else
		arm(ep, req->ipcFd, EPOLLIN | EPOLLRDHUP);
	req->ipcFd = -1;
	FCGX_Attach(req);	/* as a close would: the next one starts attached */
}
