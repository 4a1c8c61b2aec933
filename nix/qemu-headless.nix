# QEMU for headless guests: no GTK, SDL, OpenGL, SPICE, VNC or sound, so no
# GUI closure. Guests talk over a serial console and virtio-serial only. Only
# the system emulators vmgate boots are built (x86_64 today, aarch64 next),
# which also keeps the build short. These switches are arguments of nixpkgs'
# qemu expression; qemu_test would do too, but it builds the host CPU's
# emulator only and carries a patch for NixOS tests' 9p.
{ qemu }:
qemu.override {
  gtkSupport = false;
  sdlSupport = false;
  openGLSupport = false;
  virglSupport = false;
  spiceSupport = false;
  vncSupport = false;
  smartcardSupport = false;
  alsaSupport = false;
  pulseSupport = false;
  hostCpuTargets = [ "x86_64-softmmu" "aarch64-softmmu" ];
}
