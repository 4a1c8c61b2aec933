/* tcpstats-live TARGET [--category a,b,...] [--wrong-expectation CAT/NAME]
 *
 * The in-guest test program for tcpstats.ko; run as root, with the module
 * at /lib/modules/tcpstats.ko. Prints one line per case and last
 * `kmod-target TARGET: P passed, F failed`; exits 0 iff nothing failed,
 * 2 on a usage error. TCPSTATS_WRONG_EXPECTATION works like the flag;
 * --verbose copies every count case, with its numbers, to stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live.h"
#include "report.h"

static void live_all(const struct live_opts *o);

static const struct target {
	const char *name;
	void (*run)(const struct live_opts *o);
	const char *help;
} targets[] = {
	{ "live_smoke", live_smoke, "load, device, sysfs, parameters, tracepoints, unload" },
	{ "live_stats", live_stats, "counters and their invariant under a few hundred sockets" },
	{ "live_dos", live_dos, "max_readers, deadline, signals, unload while open, bad input" },
	{ "live_integration", live_integration, "filters against real loopback connections" },
	{ "live_trace", live_trace, "every tracepoint registered and fired, reconciled with the counters" },
	{ "live_bench", live_bench, "the read path at 1K, 10K and 100K connections (gen_conn)" },
	{ "live_all", live_all, "smoke, integration, stats and dos" },
};

#define N_TARGETS (sizeof(targets) / sizeof(targets[0]))

/* Integration first: it wants a socket table the other targets have not
 * left TIME_WAIT sockets in. */
static void live_all(const struct live_opts *o)
{
	live_smoke(o);
	live_integration(o);
	live_stats(o);
	live_dos(o);
}

static const struct target *find_target(const char *name)
{
	size_t i;

	for (i = 0; i < N_TARGETS; i++)
		if (!strcmp(name, targets[i].name))
			return &targets[i];
	return NULL;
}

static int usage(FILE *to, int code)
{
	size_t i;

	fprintf(to, "usage: tcpstats-live TARGET [--category a,b,...] [--wrong-expectation CAT/NAME]"
		" [--verbose]\n");
	for (i = 0; i < N_TARGETS; i++)
		fprintf(to, "  %-17s %s\n", targets[i].name, targets[i].help);
	return code;
}

/* 0, or why the list is bad (the known categories are printed). */
static int check_categories(const char *list)
{
	char copy[256], *item, *save;
	size_t i;

	snprintf(copy, sizeof(copy), "%s", list);
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		if (integration_category_known(item))
			continue;
		fprintf(stderr, "tcpstats-live: unknown category \"%s\"; known:", item);
		for (i = 0; integration_category(i); i++)
			fprintf(stderr, "%s%s", i ? "," : " ", integration_category(i));
		fprintf(stderr, "\n");
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct live_opts o = { NULL };
	const struct target *t = NULL;
	const char *wrong = getenv("TCPSTATS_WRONG_EXPECTATION");
	int a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--category") && a + 1 < argc)
			o.categories = argv[++a];
		else if (!strcmp(argv[a], "--wrong-expectation") && a + 1 < argc)
			wrong = argv[++a];
		else if (!strcmp(argv[a], "--verbose"))
			report_verbose(true);
		else if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h"))
			return usage(stdout, 0);
		else if (t || !(t = find_target(argv[a])))
			return usage(stderr, 2);
	}
	if (!t)
		return usage(stderr, 2);
	if (o.categories && check_categories(o.categories))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	report_wrong_expectation(wrong && *wrong ? wrong : NULL);
	t->run(&o);
	return report_finish(t->name);
}
