// The data the revision graph works on and hands back. Pure values: nothing here touches files or databases.

/** One revision as read from its file header, before resolution. */
export interface RevisionInput {
  readonly id: string;
  /** Empty for a base; two or more for a merge. */
  readonly downRevisions: readonly string[];
  /** As written in the file: revision ids, unique prefixes, or branch labels. */
  readonly dependsOn: readonly string[];
  readonly branchLabels: readonly string[];
  /** A squash revision: the ids of the linear run it replaces, oldest first. */
  readonly replaces?: readonly string[];
}

/** One change to the version table. The runtime executes these; offline mode prints them. */
export type VersionChange =
  | { readonly kind: "insert"; readonly id: string }
  | { readonly kind: "delete"; readonly id: string }
  | { readonly kind: "update"; readonly from: string; readonly to: string };

/** One revision to run (or, for a stamp, one version-table move with nothing run). */
export interface MigrationStep {
  readonly kind: "upgrade" | "downgrade" | "stamp";
  /** The revision whose upgrade()/downgrade() runs; undefined for stamp steps. */
  readonly revision: string | undefined;
  /** Ids on the left of the log line: "Running upgrade A, B -> C". Empty for a base. */
  readonly fromIds: readonly string[];
  /** Ids on the right of the log line. Empty when downgrading a base. */
  readonly toIds: readonly string[];
  readonly versionChanges: readonly VersionChange[];
}

export interface Plan {
  readonly steps: readonly MigrationStep[];
  /** Version-table rows before the plan runs, sorted. */
  readonly headsBefore: readonly string[];
  /** Version-table rows after the plan runs, sorted. */
  readonly headsAfter: readonly string[];
  /** Set when a plan is empty for a reason worth telling (e.g. the upgrade target is already applied). */
  readonly notice?: string;
}
