/*
 * attachments.h: photos and PDFs on complaints, service jobs and returns
 * (a statement dispute's are its billing complaint's).  The bytes and
 * their checks are the media library's; this feature takes the upload,
 * keeps its row, serves it, and asks each object's own feature whether
 * the caller reaches the object (routes_attach.c wires them).
 */
#ifndef ATTACHMENTS_ATTACHMENTS_H
#define ATTACHMENTS_ATTACHMENTS_H

#include <stdint.h>

#include <cjson/cJSON.h>

struct db;
struct fault;
struct media_info;
struct media_upload;
struct principal;
struct req;

enum attachments_kind { ATTACH_COMPLAINT, ATTACH_JOB, ATTACH_RETURN,
	ATTACH__MAX };

/*
 * What an object's feature says of it: reach() is 200 if who may read the
 * object numbered so, else 404 (or 500/503) with the refusal in f.
 * Whoever reads it and holds one of writers may attach to it.
 */
struct attachments_object {
	const char	*kind;		/* as stored: "complaint" */
	const char	*page;		/* its page: "/complaints/" */
	int		(*reach)(struct db *, const struct principal *,
			    const char *, struct fault *);
	unsigned	 writers;
};
extern const struct attachments_object attachments_objects[ATTACH__MAX];

/* attachments_db.c */
struct attachments_new {
	enum attachments_kind		 kind;
	const char			*number;
	const char			*name;	/* sanitised, <= 200 chars */
	const char			*idem;
	const struct media_upload	*up;
	const struct media_info		*info;
};
int	attachments_store(struct db *, const struct principal *,
	    const struct attachments_new *, struct fault *, int64_t *);
int	attachments_read(struct db *, int64_t, cJSON **);
int	attachments_delete(struct db *, const struct principal *,
	    enum attachments_kind, const char *, int64_t, struct fault *);
int	attachments_thumb(struct db *, const char *, char **, size_t *);
int	attachments_used(void *, const char *);
void	attachments_name(const char *, char *, size_t);

/* attachments_http.c: uploads */
int	attachments_complaint_post(struct req *);
int	attachments_job_post(struct req *);
int	attachments_return_post(struct req *);
int	attachments_complaint_page_post(struct req *);
int	attachments_job_page_post(struct req *);
int	attachments_provider_page_post(struct req *);
int	attachments_return_page_post(struct req *);

/* attachments_serve.c */
int	attachments_file_get(struct req *);
int	attachments_thumb_get(struct req *);
int	attachments_delete_req(struct req *);
int	attachments_delete_page_post(struct req *);
int	attachments_complaint_list_get(struct req *);
int	attachments_job_list_get(struct req *);
int	attachments_return_list_get(struct req *);

/* attachments_cli.c: dealernetd attachments-sweep; the hourly tick */
int	attachments_sweep_cli(struct db *, int, char **);
void	attachments_tick(struct db *);

#endif
