/* The exporter's /metrics page in the Prometheus text format: the module's
 * sysfs counters and the sockets per TCP state from one read of the device. */
#ifndef TCPSTATS_METRICS_H
#define TCPSTATS_METRICS_H

#include <stddef.h>

/* Renders into buf (cap bytes): its length, or -errno when the module is not
 * there (no sysfs directory, the device cannot be read) or the page is too long. */
int metrics_render(char *buf, size_t cap, const char *sysfs, const char *device);

#endif
