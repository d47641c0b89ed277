/*
 * server.c: the supervising master and its multi-threaded worker
 *
 * The master opens the FastCGI socket (mode 0660: nginx only) and forks
 * one worker process.  If the worker dies (libfcgi can abort on crafted
 * records), the master starts another on the same socket, so nginx never
 * sees it closed.  The worker runs a pool of threads, each with its own
 * FCGX_Request and database connection, in the FCGX_Accept_r loop, and
 * one more thread that runs the tick (the complaint sweep) every minute.
 * Connections nginx keeps open go back to a set any thread takes the
 * next request from (server_conns.c).
 *
 * Sign-in has a socket and threads of its own when login_listen is set
 * (nginx sends the sign-in and password-reset locations there): a burst
 * of sign-ins, argon2id's tens of milliseconds each, queues on that
 * socket and is served in turn by as many threads as there are hashing
 * slots, while every other request keeps the worker threads.
 * SIGTERM or SIGINT: stop accepting, let in-flight requests finish, exit 0.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "auth/auth.h"
#include "core/conf.h"
#include "core/log.h"
#include "core/stop.h"
#include "core/util.h"
#include "db/db.h"
#include "http/dispatch.h"
#include "http/http.h"
#include "server.h"

struct worker {
	pthread_t		 tid;
	int			 sock;
	int			 ep;	/* server_conns.c's set */
	int			 login;	/* one of sign-in's own threads */
	const struct db_params	*dbp;
	const struct route	*routes;
	size_t			 nroutes;
};


struct ticker {
	pthread_t			 tid;
	const struct db_params		*dbp;
	const struct server_tick	*tick;
};

/* The tick, every tick->seconds, on a connection of its own, until stop. */
static void *
ticker_thread(void *arg)
{
	struct ticker	*t = arg;
	struct db	*db;
	int		 waited = 0;

	if ((db = db_new(t->dbp)) == NULL)
		return NULL;
	while (!stop_requested()) {
		nanosleep(&(struct timespec){ 1, 0 }, NULL);
		if (++waited < t->tick->seconds)
			continue;
		waited = 0;
		if (db_ensure(db) != NULL) {
			t->tick->fn(db);
			db_request_end(db);
		}
	}
	db_free(db);
	return NULL;
}

static int
io_read(void *ctx, char *p, int n)
{
	return FCGX_GetStr(p, n, ((FCGX_Request *)ctx)->in);
}

static int
io_write(void *ctx, const char *p, int n)
{
	return FCGX_PutStr(p, n, ((FCGX_Request *)ctx)->out);
}

static int
io_flush(void *ctx)
{
	return FCGX_FFlush(((FCGX_Request *)ctx)->out);
}

/*
 * Cut a streamed answer off (http/stream.c): no more is sent, and the
 * request's end record never is.  Shutting the socket's sending side
 * makes libfcgi's last write (the end record, in FCGX_Finish_r) fail, so
 * it closes the connection instead of keeping it; nginx reads its end
 * without the record and takes the answer for truncated.
 */
static void
io_abort(void *ctx)
{
	FCGX_Request	*req = ctx;

	if (req->ipcFd >= 0 && shutdown(req->ipcFd, SHUT_WR) == -1)
		log_warn("shutdown: %s", strerror(errno));
}

/*
 * End a request.  libfcgi's own close half-closes the socket and then
 * waits for nginx to close its end (up to 2 s), so that no unread input
 * makes the kernel reset the connection under the response: one more
 * sleep and wake-up per request.  Reading the request's input to its end
 * here leaves nothing unread, so the socket can simply be closed
 * (FCGX_Detach): b-fastcgi in BENCHMARKS.md went from about 19,200 to
 * 21,300 req/s.  nginx buffers the whole body before it sends it, so
 * the read never waits on a client.
 */
static void
finish(FCGX_Request *req)
{
	char	 junk[4096];

	while (FCGX_GetStr(junk, sizeof(junk), req->in) > 0)
		;
	if (!FCGX_GetError(req->in))
		FCGX_Detach(req);
	FCGX_Finish_r(req);
}

static void *
worker_thread(void *arg)
{
	struct worker	*w = arg;
	FCGX_Request	 req;
	struct http_io	 io = { &req, io_read, io_write, io_flush,
	    io_abort };
	struct db	*db;
	int		 rc;

	if ((db = db_new(w->dbp)) == NULL) {
		log_error("out of memory");
		return NULL;
	}
	db_connect(db);		/* early, but a failure is retried later */
	if (w->login)
		password_patient();
	if (FCGX_InitRequest(&req, w->sock, 0) != 0) {
		log_error("FCGX_InitRequest failed");
		db_free(db);
		return NULL;
	}
	while (!stop_requested()) {
		if ((rc = server_conns_next(w->ep, w->sock, &req)) == 1)
			continue;
		if (rc == -1) {
			if (stop_requested())
				break;
			/* EMFILE, ENOMEM ...: wait and go on; never lose a thread */
			log_error("accept failed; retrying");
			nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
			continue;
		}
		http_dispatch(req.envp, &io, db, w->routes, w->nroutes);
		finish(&req);
		server_conns_keep(w->ep, &req);
	}
	FCGX_Finish_r(&req);
	db_free(db);
	return NULL;
}

/*
 * Sign-in's own threads: login_threads, else two per hashing slot, so
 * that one thread's statements (the counts, the user, the session) run
 * while another hashes.
 */
int
server_login_threads(const struct conf *c)
{
	return c->login_threads > 0 ? c->login_threads : 2 * c->hash_slots;
}

static int
worker_count(const struct conf *c)
{
	long	 n;

	if (c->workers > 0)
		return c->workers;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n * 2 : 4;
}

/* 0 if every thread ended within grace seconds, -1 if not. */
static int
wait_threads(struct worker *w, int n, int grace)
{
	struct timespec	 ts;
	int		 i;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += grace;
	for (i = 0; i < n; i++)
		if (pthread_timedjoin_np(w[i].tid, NULL, &ts) != 0) {
			log_warn("in-flight requests outlived the %d s grace; "
			    "exiting anyway", grace);
			return -1;
		}
	return 0;
}

/* The worker process; returns its exit status. */
static int
worker_main(const int *socks, const struct conf *c, const struct db_params *dbp,
    const struct route *routes, size_t nroutes,
    const struct server_tick *tick)
{
	struct ticker	 t[SERVER_TICKS];
	struct worker	*w;
	sigset_t	 set;
	int		 i, n = worker_count(c), sig, started = 0, nt = 0, ep[2];
	int		 nw = n;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)		/* the master died before prctl */
		return 0;
	/* exit(), not _exit(): LeakSanitizer then checks the worker too */
	if (socks[1] != -1)
		n += server_login_threads(c);
	if ((ep[0] = server_conns_new(socks[0])) == -1 ||
	    (socks[1] != -1 && (ep[1] = server_conns_new(socks[1])) == -1) ||
	    (w = calloc((size_t)n, sizeof(*w))) == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		w[i].sock = socks[i < nw ? 0 : 1];
		w[i].ep = ep[i < nw ? 0 : 1];
		w[i].login = i >= nw;
		w[i].dbp = dbp;
		w[i].routes = routes;
		w[i].nroutes = nroutes;
		if (pthread_create(&w[i].tid, NULL, worker_thread, &w[i]) != 0)
			break;
		started++;
	}
	if (started == 0) {
		log_error("no worker thread could start");
		return 1;
	}
	log_info("worker %d serving with %d threads (%d for sign-in)",
	    (int)getpid(), started, started > nw ? started - nw : 0);
	for (; tick != NULL && tick->fn != NULL && nt < SERVER_TICKS; tick++) {
		t[nt].dbp = dbp;
		t[nt].tick = tick;
		if (pthread_create(&t[nt].tid, NULL, ticker_thread, &t[nt]) != 0)
			log_error("a tick thread could not start");
		else
			nt++;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigwait(&set, &sig);
	log_info("signal %d: finishing in-flight requests", sig);
	stop_request();
	/* Wakes every thread blocked in accept(2); accepted ones go on. */
	shutdown(socks[0], SHUT_RDWR);
	if (socks[1] != -1)
		shutdown(socks[1], SHUT_RDWR);
	if (wait_threads(w, started, c->shutdown_grace) == -1)
		_exit(0);	/* threads still run: no atexit work under them */
	for (i = 0; i < nt; i++)
		pthread_join(t[i].tid, NULL);	/* each sees stopping within 1 s */
	free(w);
	close(ep[0]);
	if (socks[1] != -1)
		close(ep[1]);
	log_info("worker %d stopped", (int)getpid());
	return 0;
}

static pid_t
spawn(const int *socks, const struct conf *c, const struct db_params *dbp,
    const struct route *routes, size_t nroutes,
    const struct server_tick *tick)
{
	pid_t	 pid;

	if ((pid = fork()) == 0)
		exit(worker_main(socks, c, dbp, routes, nroutes, tick));
	if (pid == -1)
		log_error("fork: %s", strerror(errno));
	return pid;
}

static int
reap(pid_t child, int grace)
{
	struct timespec	 ts = { 0, 50 * 1000 * 1000 };
	int		 status, i;

	for (i = 0; i < (grace + 5) * 20; i++) {
		if (waitpid(child, &status, WNOHANG) == child)
			return 0;
		nanosleep(&ts, NULL);
	}
	log_warn("worker %d did not stop; killing it", (int)child);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	return 0;
}

/* A listening FastCGI socket at where (a path, or host:port), or -1. */
static int
listen_on(const char *where, int backlog, const char *allow)
{
	int	 sock;

	if (strchr(where, '/') != NULL)
		unlink(where);
	if ((sock = FCGX_OpenSocket(where, backlog)) < 0) {
		log_error("cannot listen on %s", where);
		return -1;
	}
	/* A unix socket is for nginx only; "host:port" is for other hosts. */
	if (strchr(where, '/') != NULL && chmod(where, 0660) == -1) {
		log_error("chmod %s: %s", where, strerror(errno));
		close(sock);
		return -1;
	}
	if (strchr(where, '/') != NULL)
		log_info("listening on %s", where);
	else
		log_info("listening on %s (FastCGI from %s only)", where,
		    allow);
	return sock;
}

int
server_run(const struct conf *c, const struct db_params *dbp,
    const struct route *routes, size_t nroutes,
    const struct server_tick *tick)
{
	struct timespec	 second = { 1, 0 }, pause;
	sigset_t	 set;
	siginfo_t	 si;
	pid_t		 child;
	double		 last_start;
	int		 socks[2] = { -1, -1 }, status, backoff_ms = 100;
	char		 allow[CONF_STR], err[300];

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	/*
	 * Who may connect over TCP: libfcgi reads FCGI_WEB_SERVER_ADDRS once,
	 * in FCGX_Init(), and closes a TCP connection from any other address
	 * right after accept().  The configuration decides, not whatever the
	 * environment held.  (A unix socket has no peer address; its mode
	 * guards it.)
	 */
	if (conf_addr_list(c->fcgi_allow, allow, sizeof(allow), err,
	    sizeof(err)) == -1) {
		log_error("%s", err);
		return 1;
	}
	if (setenv("FCGI_WEB_SERVER_ADDRS", allow, 1) == -1 ||
	    FCGX_Init() != 0) {
		log_error("FCGX_Init failed");
		return 1;
	}
	if ((socks[0] = listen_on(c->listen, c->backlog, allow)) == -1 ||
	    (c->login_listen[0] != '\0' && (socks[1] =
	    listen_on(c->login_listen, c->backlog, allow)) == -1))
		return 1;
	last_start = util_now_mono();
	if ((child = spawn(socks, c, dbp, routes, nroutes, tick)) == -1)
		return 1;
	for (;;) {
		if (sigtimedwait(&set, &si, &second) == -1)
			continue;
		if (si.si_signo == SIGTERM || si.si_signo == SIGINT) {
			log_info("signal %d: stopping", si.si_signo);
			kill(child, SIGTERM);
			reap(child, c->shutdown_grace);
			break;
		}
		if (si.si_signo != SIGCHLD ||
		    waitpid(child, &status, WNOHANG) != child)
			continue;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			log_info("worker exited; stopping");
			break;
		}
		log_error("worker %d died (%s %d); restarting", (int)child,
		    WIFSIGNALED(status) ? "signal" : "status",
		    WIFSIGNALED(status) ? WTERMSIG(status) :
		    WEXITSTATUS(status));
		/* Back off while it keeps dying young. */
		backoff_ms = util_now_mono() - last_start < 5 ?
		    (backoff_ms * 2 > 5000 ? 5000 : backoff_ms * 2) : 100;
		pause.tv_sec = backoff_ms / 1000;
		pause.tv_nsec = (long)(backoff_ms % 1000) * 1000000L;
		nanosleep(&pause, NULL);
		last_start = util_now_mono();
		if ((child = spawn(socks, c, dbp, routes, nroutes, tick)) == -1)
			break;
	}
	unlink(c->listen);
	close(socks[0]);
	if (socks[1] != -1) {
		if (strchr(c->login_listen, '/') != NULL)
			unlink(c->login_listen);
		close(socks[1]);
	}
	log_info("stopped");
	return 0;
}
