/* The XDP program's object file (build/xdp_fwd.bpf.o), embedded in relayd so
 * the binary is all a root needs to carry. xdp.c opens it with libbpf. */
	.section .rodata
	.balign 8
	.global xdp_obj_start
	.global xdp_obj_end
xdp_obj_start:
	.incbin XDP_OBJ
xdp_obj_end:
	.section .note.GNU-stack,"",%progbits
