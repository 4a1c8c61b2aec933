/* Scrapes of tcpstats-exporter around each target, when
 * $TCPSTATS_EXPORTER_SOCKET names its unix socket: one after the load,
 * one before the unload, and the metrics that changed printed as deltas.
 * A failed scrape is printed and never fails a case. */
#ifndef LIVE_SCRAPE_H
#define LIVE_SCRAPE_H

#include <stdbool.h>

#define SCRAPE_MAX 64

struct scrape {
	int n;
	char name[SCRAPE_MAX][96]; /* with labels: tcpstats_sockets{state="listen"} */
	double value[SCRAPE_MAX];
};

/* What scrape_fetch returns when $TCPSTATS_EXPORTER_SOCKET is not set. */
#define SCRAPE_UNSET (-1000)

/* 0, SCRAPE_UNSET, or -errno with why[] saying what went wrong. */
int scrape_fetch(struct scrape *s, char *why, int cap);
/* The value of a metric, and whether the scrape had it. */
bool scrape_value(const struct scrape *s, const char *name, double *value);

void scrape_begin(const char *cat);
void scrape_end(const char *cat);

#endif
