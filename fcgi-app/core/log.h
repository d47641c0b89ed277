/* log.h: JSON-lines logs on stderr, tagged with the request id */
#ifndef CORE_LOG_H
#define CORE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG__MAX };

struct log_access {
	const char	*method;
	const char	*path;
	const char	*route;
	const char	*addr;
	int		 status;
	double		 ms;
	unsigned long	 bytes;
};

void	log_set_level(enum log_level);
int	log_level_parse(const char *, enum log_level *);
void	log_set_request_id(const char *);
const char *log_request_id(void);
void	log_msg(enum log_level, const char *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	log_access_write(const struct log_access *);

#define log_info(...)	log_msg(LOG_INFO, __func__, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARN, __func__, __VA_ARGS__)
#define log_error(...)	log_msg(LOG_ERROR, __func__, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __func__, __VA_ARGS__)

#endif
