/*
 * udp-echo: the UDP half of the relay smoke, for guests whose busybox nc has no -u.
 *
 *   udp-echo serve PORT COUNT       echo each datagram back to its sender; check that
 *                                   what arrived, in order, is the payload (echo-serve.c)
 *   udp-echo send HOST PORT COUNT   send the payload in 1024-byte datagrams, a few in
 *                                   flight at a time; check each echo; send again what
 *                                   is not echoed in time, each at most 5 times (echo-send.c)
 *
 * The payload is what `seq 1 COUNT` prints (payload.h); both ends hash it as it goes.
 * Datagrams carry their index (echo.h): the server takes them in order only, once each,
 * and the sender matches each echo to what it sent. Each end prints one line with bytes,
 * SHA-256 and seconds; a mismatch is one line on stderr and exit 1.
 */
#include "cli.h"
#include "echo.h"

static const struct cli_command COMMANDS[] = {
	{ "serve", echo_serve },
	{ "send", echo_send },
};

int main(int argc, char **argv)
{
	static const struct cli cli = { "udp-echo", "udp-echo serve PORT COUNT | udp-echo send HOST PORT COUNT", COMMANDS, sizeof(COMMANDS) / sizeof(COMMANDS[0]) };

	return cli_main(&cli, argc, argv);
}
