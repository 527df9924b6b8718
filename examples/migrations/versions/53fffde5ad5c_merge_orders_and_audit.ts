/**
 * merge orders and audit
 *
 * Revision ID: 53fffde5ad5c
 * Revises: 3cac04ae8714, ae1027a6acf1
 * Create Date: 2026-11-22 03:30:00.000000
 */
import type { Op } from "retort-migrate";

export const revision = "53fffde5ad5c";
export const downRevision: string | string[] | null = ["3cac04ae8714", "ae1027a6acf1"];
export const branchLabels: string | string[] | null = null;
export const dependsOn: string | string[] | null = null;

export async function upgrade(_op: Op): Promise<void> {
  // A merge revision joins two branches; it usually has nothing to do.
}

export async function downgrade(_op: Op): Promise<void> {
  // Nothing to undo.
}
