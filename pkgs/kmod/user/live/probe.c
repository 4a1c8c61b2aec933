/* Filtered reads for the cases. */
#include <errno.h>
#include <unistd.h>

#include "probe.h"

long probe_fd(int fd, const char *filter, int bufrecs, struct ts_rec *out, size_t max)
{
	size_t n = 0;
	int ret;

	ret = ts_set_filter(fd, filter, NULL);
	if (!ret)
		ret = ts_read_all(fd, (size_t)bufrecs * FULL_SIZE, out, out ? max : 0, &n);
	return ret ? ret : (long)n;
}

long probe(const char *filter, int bufrecs, struct ts_rec *out, size_t max)
{
	int fd = ts_open(TCPSTATS_DEVICE);
	long n;

	if (fd < 0)
		return fd;
	n = probe_fd(fd, filter, bufrecs, out, max);
	close(fd);
	return n;
}
