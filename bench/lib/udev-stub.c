// SPDX-License-Identifier: GPL-2.0
/*
 * udev-stub.c - Debian's static libhwloc.a references libudev, which has no
 * static build.  hwloc only asks udev for block-device attributes and
 * carries on without them when udev_new() fails, so the static guest tools
 * link these no-ops instead (host builds use the real shared libudev).
 */
#include <stddef.h>

struct udev;
struct udev_device;

struct udev *udev_new(void);
struct udev *udev_unref(struct udev *u);
struct udev_device *udev_device_new_from_subsystem_sysname(struct udev *u,
		const char *subsystem, const char *sysname);
struct udev_device *udev_device_unref(struct udev_device *d);
const char *udev_device_get_property_value(struct udev_device *d, const char *key);

struct udev *udev_new(void) { return NULL; }
struct udev *udev_unref(struct udev *u) { (void)u; return NULL; }
struct udev_device *udev_device_new_from_subsystem_sysname(struct udev *u,
		const char *subsystem, const char *sysname)
{
	(void)u; (void)subsystem; (void)sysname;
	return NULL;
}
struct udev_device *udev_device_unref(struct udev_device *d) { (void)d; return NULL; }
const char *udev_device_get_property_value(struct udev_device *d, const char *key)
{
	(void)d; (void)key;
	return NULL;
}
