// SPDX-License-Identifier: GPL-2.0
/*
 * p2-gadget.c - reproducer of P2 (check/P1-P2.md): io_cancel() of an AIO
 * read queued on a gadgetfs endpoint, on a kernel whose USB stack loops
 * back to itself (kernels/configs/gadget.config: usbcore, dummy_hcd,
 * gadgetfs).  Run as root in the guest by check/repro/run-p2.sh.
 *
 * usage: p2-gadget [udc-name [ep-name]]   (default: dummy_udc ep2out-bulk)
 *
 * Steps, each announced on the console as "p2: ..." (/dev/kmsg, KERN_ERR,
 * so a quiet console shows them too):
 *  1. mount gadgetfs on /dev/gadget, open its ep0 file (named after the
 *     UDC) and write the device's descriptors: tag 0, then a full-speed
 *     and a high-speed configuration (one vendor-specific interface with
 *     one bulk OUT endpoint) and the device descriptor.  That registers
 *     the gadget driver; dummy_hcd's root hub sees a device, and usbcore
 *     on the host side enumerates and configures it by itself.
 *  2. answer ep0's events until the host's SET_CONFIGURATION: ack it (a
 *     zero-length read), stall any other request that wants data.
 *  3. open the OUT endpoint's file, enable it (tag 1, then its full- and
 *     high-speed endpoint descriptors).
 *  4. io_setup(), io_submit() one IOCB_CMD_PREAD on the endpoint: gadgetfs
 *     queues a usb_request that stays queued (the host never sends).
 *  5. io_cancel() it.  On stock 6.1 this is where the kernel deadlocks:
 *     ep_aio_cancel() -> dummy_dequeue() gives the request back at once ->
 *     ep_aio_complete() -> aio_complete_rw() -> aio_remove_iocb() takes
 *     ctx_lock, which io_cancel() holds.  If io_cancel() returns, the
 *     program says so, reaps the completion and exits 0: no deadlock.
 * Exit status: 0 io_cancel() returned, 2 a set-up step failed.
 */
#define _GNU_SOURCE
#include "lib/ck.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/usb/ch9.h>
#include <linux/usb/gadgetfs.h>

#define GADGET_DIR	"/dev/gadget"
#define EP_ADDR		0x02	/* dummy_hcd's ep2out-bulk */
#define EVENT_WAIT_MS	180000	/* KASAN under TCG enumerates slowly */

/* A progress line on the console (and stdout, for the result frame). */
static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	ck_kmsg_fmt(msg, sizeof(msg), 3, "p2: ", fmt, ap);
	va_end(ap);
	printf("%s\n", msg + 3);
	fflush(stdout);
	ck_write_str("/dev/kmsg", msg);	/* one write(): one record */
}

#define fail(...)	do { say("FAILED: " __VA_ARGS__); return 2; } while (0)

/* Little-endian 16-bit field of a descriptor byte buffer. */
static void put16(unsigned char *p, unsigned int v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

/* One bulk OUT endpoint descriptor (USB_DT_ENDPOINT_SIZE bytes). */
static size_t ep_desc(unsigned char *p, unsigned int maxpacket)
{
	p[0] = USB_DT_ENDPOINT_SIZE;
	p[1] = USB_DT_ENDPOINT;
	p[2] = EP_ADDR | USB_DIR_OUT;
	p[3] = USB_ENDPOINT_XFER_BULK;
	put16(p + 4, maxpacket);
	p[6] = 0;
	return USB_DT_ENDPOINT_SIZE;
}

/* Configuration 1: one vendor-specific interface, one bulk OUT endpoint. */
static size_t config_desc(unsigned char *p, unsigned int maxpacket)
{
	size_t total = USB_DT_CONFIG_SIZE + USB_DT_INTERFACE_SIZE + USB_DT_ENDPOINT_SIZE;
	unsigned char *i = p + USB_DT_CONFIG_SIZE;

	memset(p, 0, total);
	p[0] = USB_DT_CONFIG_SIZE;
	p[1] = USB_DT_CONFIG;
	put16(p + 2, total);
	p[4] = 1;				/* bNumInterfaces */
	p[5] = 1;				/* bConfigurationValue */
	p[7] = USB_CONFIG_ATT_ONE | USB_CONFIG_ATT_SELFPOWER;
	p[8] = 1;				/* bMaxPower: 2 mA */
	i[0] = USB_DT_INTERFACE_SIZE;
	i[1] = USB_DT_INTERFACE;
	i[4] = 1;				/* bNumEndpoints */
	i[5] = USB_CLASS_VENDOR_SPEC;
	ep_desc(i + USB_DT_INTERFACE_SIZE, maxpacket);
	return total;
}

static size_t device_desc(unsigned char *p)
{
	memset(p, 0, USB_DT_DEVICE_SIZE);
	p[0] = USB_DT_DEVICE_SIZE;
	p[1] = USB_DT_DEVICE;
	put16(p + 2, 0x0200);			/* bcdUSB */
	p[4] = USB_CLASS_VENDOR_SPEC;
	p[7] = 64;				/* bMaxPacketSize0 (gadgetfs sets it) */
	put16(p + 8, 0x0525);			/* idVendor: NetChip, as gadgetfs' examples */
	put16(p + 10, 0xa4a4);			/* idProduct: "user mode source/sink" */
	put16(p + 12, 0x0100);			/* bcdDevice */
	p[17] = 1;				/* bNumConfigurations */
	return USB_DT_DEVICE_SIZE;
}

/* Step 1: ep0's descriptors, tag 0 first; their write registers the gadget. */
static size_t dev_config(unsigned char *buf)
{
	size_t n = 4;

	memset(buf, 0, 4);
	n += config_desc(buf + n, 64);		/* full speed */
	n += config_desc(buf + n, 512);		/* high speed */
	n += device_desc(buf + n);
	return n;
}

/* Step 3: the endpoint's descriptors, tag 1 first; their write enables it. */
static size_t ep_config(unsigned char *buf)
{
	size_t n = 4;

	buf[0] = 1;
	buf[1] = buf[2] = buf[3] = 0;
	n += ep_desc(buf + n, 64);
	n += ep_desc(buf + n, 512);
	return n;
}

/* Open /dev/gadget/<name> and write its n-byte configuration: the fd, or
 * -1 after saying which step failed. */
static int open_config(const char *name, const unsigned char *buf, size_t n)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), GADGET_DIR "/%s", name);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		say("FAILED: open %s: %s", path, strerror(errno));
		return -1;
	}
	if (write(fd, buf, n) != (ssize_t)n) {
		say("FAILED: configuration write to %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* One SETUP event: 1 when it was SET_CONFIGURATION (acked). */
static int on_setup(int fd, const struct usb_ctrlrequest *s)
{
	char dummy[1];
	unsigned int len = s->wLength;

	say("ep0 SETUP bRequestType=0x%02x bRequest=%u wValue=0x%04x wLength=%u",
	    s->bRequestType, s->bRequest, s->wValue, len);
	if (s->bRequestType & USB_DIR_IN) {
		/* a read in the IN data stage stalls it: nothing to give */
		if (read(fd, dummy, 0) < 0)
			say("ep0 IN request stalled (%s)", strerror(errno));
		return 0;
	}
	if (len) {	/* OUT data stage: collect it, then it is acked */
		unsigned char data[256];

		if (read(fd, data, len < sizeof(data) ? len : sizeof(data)) < 0)
			say("ep0 OUT data: %s", strerror(errno));
		return 0;
	}
	if (read(fd, dummy, 0) < 0)	/* status stage: ack */
		say("ep0 ack: %s", strerror(errno));
	return s->bRequestType == 0 && s->bRequest == USB_REQ_SET_CONFIGURATION &&
		s->wValue != 0;
}

/* Step 2: answer ep0 until the host configures the device. */
static int wait_configured(int fd)
{
	struct usb_gadgetfs_event ev[5];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	for (;;) {
		int r = poll(&pfd, 1, EVENT_WAIT_MS);
		ssize_t n;

		if (r == 0)
			return -ETIMEDOUT;
		if (r < 0 && errno != EINTR)
			return -errno;
		n = read(fd, ev, sizeof(ev));
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == EIDRM)
				continue;
			return -errno;
		}
		for (size_t i = 0; i < (size_t)n / sizeof(ev[0]); i++) {
			switch (ev[i].type) {
			case GADGETFS_CONNECT:
				say("ep0 CONNECT, speed %d", (int)ev[i].u.speed);
				break;
			case GADGETFS_SETUP:
				if (on_setup(fd, &ev[i].u.setup))
					return 0;
				break;
			case GADGETFS_DISCONNECT:
				say("ep0 DISCONNECT");
				break;
			case GADGETFS_SUSPEND:
				say("ep0 SUSPEND");
				break;
			default:
				break;
			}
		}
	}
}

int main(int argc, char **argv)
{
	const char *udc = argc > 1 ? argv[1] : "dummy_udc";
	const char *epname = argc > 2 ? argv[2] : "ep2out-bulk";
	static char buf[512];
	unsigned char desc[128];
	struct io_event ev;
	struct iocb cb;
	aio_context_t ctx = 0;
	int ep0, ep;
	long r;

	say("start: gadget on %s, AIO read on %s", udc, epname);
	if (mkdir(GADGET_DIR, 0755) && errno != EEXIST)
		fail("mkdir " GADGET_DIR ": %s", strerror(errno));
	if (mount("gadgetfs", GADGET_DIR, "gadgetfs", 0, NULL) && errno != EBUSY)
		fail("mount gadgetfs: %s (a kernel without CONFIG_USB_GADGETFS?)",
		     strerror(errno));
	ep0 = open_config(udc, desc, dev_config(desc));
	if (ep0 < 0)
		return 2;	/* no such UDC: CONFIG_USB_DUMMY_HCD? */
	say("descriptors written, waiting for the host to configure the device");
	r = wait_configured(ep0);
	if (r)
		fail("waiting for SET_CONFIGURATION on ep0: %s", strerror((int)-r));
	say("configured by the host");
	ep = open_config(epname, desc, ep_config(desc));
	if (ep < 0)
		return 2;
	say("%s enabled", epname);

	r = ck_setup(1, &ctx);
	if (r)
		fail("io_setup: %s", ck_errname(r));
	ck_prep_rw(&cb, IOCB_CMD_PREAD, ep, buf, sizeof(buf), 0, 42);
	r = ck_submit1(ctx, &cb);
	if (r != 1)
		fail("io_submit(PREAD on %s): %s", epname, ck_errname(r));
	r = ck_getevents(ctx, 0, 1, &ev, 0);
	say("read queued (io_submit 1, events so far %ld); calling io_cancel", r);
	r = ck_cancel(ctx, &cb, &ev);
	say("io_cancel returned %s", ck_errname(r));
	r = ck_getevents(ctx, 1, 1, &ev, 10000);
	if (r == 1)
		say("completion: res %lld", (long long)ev.res);
	else
		say("no completion within 10 s (%s)", ck_errname(r));
	say("verdict: no deadlock");
	return 0;
}
