/* Module parameters, also writable at /sys/module/tcpstats/parameters/. */
#ifndef TCPSTATS_PARAMS_H
#define TCPSTATS_PARAMS_H

/* Opens beyond this many fail with -EMFILE. */
unsigned int tcpstats_max_readers(void);
/* A read walking longer than this returns what it has; 0 = no deadline. */
unsigned int tcpstats_read_deadline_ms(void);
/* Test only: sleep this long after each socket a read visits. */
unsigned int tcpstats_test_delay_us(void);

#endif
