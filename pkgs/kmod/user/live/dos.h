/* live_dos, shared between its files. */
#ifndef LIVE_DOS_H
#define LIVE_DOS_H

#define CAT "dos"
#define PORT 47000
#define LISTENERS 60 /* listeners on 127.30.0.1, ports PORT+1.. */
#define SCOPE "local_addr=127.30.0.0/16"

/* Bad filters, buffers and ioctls: each refused, the file still usable. */
void dos_bad_input(void);

#endif
