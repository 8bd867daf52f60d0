/**
 * Snapshots and migration, QEMU's interface: where a state stream goes or comes from
 * ({@link org.jpseries.migration.MigrationUri}: file:, exec:, fd:), the progress that
 * query-migrate reports ({@link org.jpseries.migration.MigrationStatus}), and the stream
 * layout of a machine ({@link org.jpseries.migration.MachineStream}: a "machine" header
 * section, then every registered device's sections). The machine decides when (vCPUs stopped,
 * time base frozen); the codec ({@code state.stream}) decides how bytes look.
 */
package org.jpseries.migration;
