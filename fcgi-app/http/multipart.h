/*
 * multipart.h: a multipart/form-data body (RFC 7578) parsed as it is
 * read, a piece at a time, so that a file part goes wherever its sink
 * writes it and never sits whole in memory.
 */
#ifndef HTTP_MULTIPART_H
#define HTTP_MULTIPART_H

#include <stddef.h>

#define MP_HEADER_MAX	2048	/* bytes of one part's headers */
#define MP_PARTS_MAX	16	/* parts of one body */
#define MP_NAME_MAX	64	/* bytes of a part's name */
#define MP_FILENAME_MAX	255	/* bytes of a file part's filename */
#define MP_CTYPE_MAX	100	/* bytes of a part's Content-Type */
#define MP_DELIM_MAX	76	/* "\r\n--" and a boundary of up to 70 */
#define MP_PIECE	65536	/* bytes looked at in one step */

/* A part's headers, as the sink's begin() is told them. */
struct mp_part {
	char	 name[MP_NAME_MAX + 1];
	char	 filename[MP_FILENAME_MAX + 1];
	int	 is_file;		/* a filename= was given */
	char	 ctype[MP_CTYPE_MAX + 1];	/* "" if none */
};

/*
 * Where the parts go.  Each returns 0 to go on, or a code > 0 that stops
 * the parse and is returned by multipart_feed() (e.g. "too large").
 */
struct mp_sink {
	void	*ctx;
	int	(*begin)(void *, const struct mp_part *);
	int	(*data)(void *, const char *, size_t);
	int	(*end)(void *);
};

enum mp_state { MP_PREAMBLE, MP_AFTER_DELIM, MP_HEADERS, MP_BODY, MP_DONE,
	MP_FAILED };

struct multipart {
	struct mp_sink	 sink;
	enum mp_state	 state;
	char		 delim[MP_DELIM_MAX + 1];
	size_t		 dl;
	char		 hdr[MP_HEADER_MAX + 1];
	size_t		 hlen;
	int		 parts;
	char		*work;		/* held back + one piece */
	size_t		 held;		/* bytes held back at its start */
	struct mp_part	 part;
};

/* 0, or -1 if ct has no usable boundary or memory ran out */
int	multipart_open(struct multipart *, const char *,
	    const struct mp_sink *);
/* 0 to go on; -1 the body is malformed; else the sink's code */
int	multipart_feed(struct multipart *, const char *, size_t);
/* 0 if the body ended with its close delimiter, else -1 */
int	multipart_finish(const struct multipart *);
void	multipart_close(struct multipart *);

#endif
