/**
 * create invoices table
 *
 * Revision ID: 5b3a1d2c9e0f
 * Revises:
 * Create Date: 2026-11-22 03:30:00.000000
 */
import type { Op } from "retort-migrate";

export const revision = "5b3a1d2c9e0f";
export const downRevision: string | string[] | null = null;
export const branchLabels: string | string[] | null = "billing";
export const dependsOn: string | string[] | null = null;

export async function upgrade(op: Op): Promise<void> {
  await op.execute("CREATE TABLE invoices (id integer PRIMARY KEY, number varchar(20) NOT NULL)");
}

export async function downgrade(op: Op): Promise<void> {
  await op.execute("DROP TABLE invoices");
}
