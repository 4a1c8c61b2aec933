/* Socket fixtures on loopback, and the model of what they leave behind.
 *
 * Each builder makes real sockets and appends to `socks` the entries the
 * kernel should then report (one per socket, with its state), so every
 * expected count is derived from what was built, never read back. The
 * fixture owns the fds it keeps open; fx_teardown closes them with an
 * abortive close (SO_LINGER 0), which leaves no TIME_WAIT behind. */
#ifndef LIVE_FIXTURE_H
#define LIVE_FIXTURE_H

#include <stdint.h>

#define FX_MAX_SOCKS 1024
#define FX_MAX_FDS 1024

/* TCP states, numbered as the kernel numbers them. */
enum {
	FX_ESTABLISHED = 1, FX_SYN_SENT = 2, FX_FIN_WAIT2 = 5, FX_TIME_WAIT = 6,
	FX_CLOSE_WAIT = 8, FX_LISTEN = 10,
};

struct fx_sock {
	uint8_t family, state;
	uint16_t lport, rport;
	uint8_t laddr[16], raddr[16];
};

struct fx_end {
	int family;
	const char *addr;
	uint16_t port;
};

struct fixture {
	struct fx_sock socks[FX_MAX_SOCKS];
	int n;
	int fds[FX_MAX_FDS];
	int nfd;
	char error[256]; /* the first failure */
};

void fx_init(struct fixture *f);
/* A listener; its fd, or -1 with f->error set. */
int fx_listener(struct fixture *f, struct fx_end at, int backlog);
/* A connected, accepted pair that exchanged `bytes` each way: 2 x ESTABLISHED. */
int fx_established(struct fixture *f, int lfd, struct fx_end client, struct fx_end server,
		   int bytes);
/* Client closes first, then the server: client in TIME_WAIT, server gone. */
int fx_time_wait(struct fixture *f, int lfd, struct fx_end client, struct fx_end server);
/* Client shuts down writing: client FIN_WAIT2, server CLOSE_WAIT. */
int fx_half_closed(struct fixture *f, int lfd, struct fx_end client, struct fx_end server);
/* Connected but never accepted: 2 x ESTABLISHED, the server end in the
 * listener's queue. With backlog 0, that fills the queue. */
int fx_unaccepted(struct fixture *f, struct fx_end client, struct fx_end server);
/* A connect the full listener never answers: SYN_SENT. */
int fx_syn_sent(struct fixture *f, struct fx_end client, struct fx_end server);

/* Lets loopback transitions finish before anything is read. */
void fx_settle(void);
void fx_teardown(struct fixture *f);

/* Entries of f matching family (0 = any) and state (0 = any). */
int fx_count(const struct fixture *f, int family, int state);

#endif
