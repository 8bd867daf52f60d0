/**
 * The device model: every stateful part of the machine (vCPUs, the partition MMU, interrupt
 * controllers, platform devices, RAM) is a {@link org.jpseries.device.Device} registered once
 * with the machine's {@link org.jpseries.device.DeviceRegistry}. Reset, the device tree, the
 * monitor's {@code info} text and the state stream walk the registry instead of hand lists.
 * Depends only on {@code state} and {@code spapr.devtree}.
 */
package org.jpseries.device;
