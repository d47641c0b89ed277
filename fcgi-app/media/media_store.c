/*
 * media_store.c: the attachments' bytes, content-addressed
 *
 * A file's name is its SHA-256, under two levels of folders by its first
 * four hex digits: <dir>/ab/cd/abcd....  An upload goes to a temporary
 * file in <dir>/tmp (the same file system, so a link moves it), hashed
 * as it is written; fsync'd, it is linked into place before the row that
 * names it is committed.  The same bytes uploaded twice are one file.
 *
 * A file whose row was never committed (a rollback, a crash) is an
 * orphan; media_store_sweep() removes it once it is an hour old and no
 * row names it.  The sweep first renames the file away, then asks the
 * database, and puts it back if a row appeared; an upload, after its
 * commit, links its temporary file into place again if the name is
 * gone.  So whichever order the two run in, a committed row keeps its
 * file.  Every app node must see the same <dir> (a shared volume).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/log.h"
#include "media.h"

static char	 store_dir[256] = "var/attachments";

void
media_store_init(const char *dir)
{
	if (dir != NULL && *dir != '\0')
		snprintf(store_dir, sizeof(store_dir), "%s", dir);
}

const char *
media_store_dir(void)
{
	return store_dir;
}

static int
sha_ok(const char *s)
{
	size_t	 i;

	for (i = 0; i < MEDIA_SHA_HEX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f')))
			return 0;
	return s[i] == '\0';
}

/* <dir>/ab/cd/<sha> into p: 0, or -1 if sha is not one. */
int
media_store_path(const char *sha, char *p, size_t size)
{
	if (sha == NULL || !sha_ok(sha))
		return -1;
	return (size_t)snprintf(p, size, "%s/%.2s/%.2s/%s", store_dir, sha,
	    sha + 2, sha) < size ? 0 : -1;
}

static int
mkdir_ok(const char *p)
{
	return mkdir(p, 0750) == 0 || errno == EEXIST ? 0 : -1;
}

int
media_upload_open(struct media_upload *u)
{
	char	 d[300];

	memset(u, 0, sizeof(*u));
	u->fd = -1;
	snprintf(d, sizeof(d), "%s/tmp", store_dir);
	if (mkdir_ok(store_dir) == -1 || mkdir_ok(d) == -1) {
		log_error("%s: %s", d, strerror(errno));
		return -1;
	}
	snprintf(u->path, sizeof(u->path), "%s/up-XXXXXX", d);
	if ((u->fd = mkostemp(u->path, O_CLOEXEC)) == -1) {
		log_error("%s: %s", u->path, strerror(errno));
		u->path[0] = '\0';
		return -1;
	}
	crypto_hash_sha256_init(&u->state);
	return 0;
}

/* 0; 1 past MEDIA_MAX_BYTES (nothing more is written); -1 an error. */
int
media_upload_write(struct media_upload *u, const void *p, size_t n)
{
	const char	*s = p;
	ssize_t		 w;

	if (u->too_big || u->size + (int64_t)n > MEDIA_MAX_BYTES) {
		u->too_big = 1;
		return 1;
	}
	crypto_hash_sha256_update(&u->state, p, n);
	u->size += (int64_t)n;
	while (n > 0) {
		if ((w = write(u->fd, s, n)) < 0) {
			if (errno == EINTR)
				continue;
			log_error("%s", strerror(errno));
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The bytes on disk and the hash known: 0 or -1. */
int
media_upload_finish(struct media_upload *u)
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	if (fsync(u->fd) == -1) {
		log_error("%s", strerror(errno));
		return -1;
	}
	crypto_hash_sha256_final(&u->state, h);
	sodium_bin2hex(u->sha, sizeof(u->sha), h, sizeof(h));
	return 0;
}

static int
sync_dir(const char *p)
{
	int	 fd, rc;

	if ((fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/*
 * The file linked at its name (kept if the bytes are there already, its
 * time touched so that a sweep leaves it alone): 0 or -1.  Called before
 * the commit and once more after it; the temporary file stays until
 * media_upload_discard().
 */
int
media_upload_place(const struct media_upload *u)
{
	char	 p[600], d[600];

	if (media_store_path(u->sha, p, sizeof(p)) == -1)
		return -1;
	snprintf(d, sizeof(d), "%s/%.2s", store_dir, u->sha);
	if (mkdir_ok(d) == -1)
		goto fail;
	snprintf(d, sizeof(d), "%s/%.2s/%.2s", store_dir, u->sha, u->sha + 2);
	if (mkdir_ok(d) == -1)
		goto fail;
	if (link(u->path, p) == -1) {
		if (errno != EEXIST)
			goto fail;
		utimensat(AT_FDCWD, p, NULL, 0);
		return 0;
	}
	if (sync_dir(d) == -1)
		goto fail;
	return 0;
fail:
	log_error("%s: %s", p, strerror(errno));
	return -1;
}

void
media_upload_discard(struct media_upload *u)
{
	if (u->fd != -1)
		close(u->fd);
	u->fd = -1;
	if (u->path[0] != '\0')
		unlink(u->path);
	u->path[0] = '\0';
}

/* The stored file of sha, open for reading, its size in *size; or -1. */
int
media_store_open(const char *sha, int64_t *size)
{
	struct stat	 st;
	char		 p[600];
	int		 fd;

	if (media_store_path(sha, p, sizeof(p)) == -1 ||
	    (fd = open(p, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1) {
		close(fd);
		return -1;
	}
	*size = st.st_size;
	return fd;
}

static int
old(const char *p, int64_t cutoff)
{
	struct stat	 st;

	return lstat(p, &st) == 0 && S_ISREG(st.st_mode) &&
	    (int64_t)st.st_mtime < cutoff;
}

/* One stored file, older than cutoff: away if no row names it. */
static int
sweep_one(const char *sha, int (*used)(void *, const char *), void *ctx,
    int *removed)
{
	char	 p[600], q[600];
	int	 u;

	if (media_store_path(sha, p, sizeof(p)) == -1)
		return 0;
	snprintf(q, sizeof(q), "%s/tmp/sweep-%s", store_dir, sha);
	if (rename(p, q) == -1)
		return 0;
	if ((u = used(ctx, sha)) != 0) {
		/* a row names it (or the database did not say): back */
		if (link(q, p) == -1 && errno != EEXIST)
			log_error("%s: %s", p, strerror(errno));
	} else
		(*removed)++;
	unlink(q);
	return u == -1 ? -1 : 0;
}

/*
 * Remove the files no row names (used() says 1 named, 0 not, -1 error)
 * and the temporary files, each older than cutoff (seconds since the
 * epoch): 0, or -1 if the database failed; *removed counts them.
 */
int
media_store_sweep(int (*used)(void *, const char *), void *ctx,
    int64_t cutoff, int *removed)
{
	DIR		*a, *b, *c;
	struct dirent	*ea, *eb, *ec;
	char		 p[600];
	int		 rc = 0;

	*removed = 0;
	if ((a = opendir(store_dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while (rc == 0 && (ea = readdir(a)) != NULL) {
		if (strlen(ea->d_name) != 2 || ea->d_name[0] == '.') {
			if (strcmp(ea->d_name, "tmp") != 0)
				continue;
			snprintf(p, sizeof(p), "%s/tmp", store_dir);
			if ((b = opendir(p)) == NULL)
				continue;
			while ((eb = readdir(b)) != NULL) {
				snprintf(p, sizeof(p), "%s/tmp/%.100s", store_dir,
				    eb->d_name);
				if (strncmp(eb->d_name, "up-", 3) == 0 &&
				    old(p, cutoff) && unlink(p) == 0)
					(*removed)++;
			}
			closedir(b);
			continue;
		}
		snprintf(p, sizeof(p), "%s/%.2s", store_dir, ea->d_name);
		if ((b = opendir(p)) == NULL)
			continue;
		while (rc == 0 && (eb = readdir(b)) != NULL) {
			if (strlen(eb->d_name) != 2 || eb->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "%s/%.2s/%.2s", store_dir,
			    ea->d_name, eb->d_name);
			if ((c = opendir(p)) == NULL)
				continue;
			while (rc == 0 && (ec = readdir(c)) != NULL) {
				if (!sha_ok(ec->d_name))
					continue;
				snprintf(p, sizeof(p), "%s/%.2s/%.2s/%.64s",
				    store_dir, ea->d_name, eb->d_name, ec->d_name);
				if (old(p, cutoff))
					rc = sweep_one(ec->d_name, used, ctx,
					    removed);
			}
			closedir(c);
		}
		closedir(b);
	}
	closedir(a);
	return rc;
}
