// Stand-ins for the packages the Homarr SQLite schema imports (@homarr/definitions, @homarr/validation,
// @auth/core, @mantine/*): the four values it uses as column defaults, with the values Homarr defines, and
// plain aliases for the types it only uses in `$type<…>()`. Written for the corpus; not upstream code.

export const backgroundImageAttachments = { values: ["fixed", "scroll"], defaultValue: "fixed" } as const;
export const backgroundImageRepeats = {
  values: ["repeat", "repeat-x", "repeat-y", "no-repeat"],
  defaultValue: "no-repeat",
} as const;
export const backgroundImageSizes = { values: ["cover", "contain"], defaultValue: "cover" } as const;
export const emptySuperJSON = '{"json": {}}';

export type BackgroundImageAttachment = string;
export type BackgroundImageRepeat = string;
export type BackgroundImageSize = string;
export type BoardPermission = string;
export type ColorScheme = string;
export type GroupPermissionKey = string;
export type IntegrationKind = string;
export type IntegrationPermission = string;
export type IntegrationSecretKind = string;
export type OnboardingStep = string;
export type SearchEngineType = string;
export type SectionKind = string;
export type SupportedAuthProvider = string;
export type WidgetKind = string;
export type CustomWidgetAuthType = string;
export type CustomWidgetDisplayType = string;
export type CustomWidgetMethod = string;
export type CustomWidgetSecretKind = string;
export type MantineSize = string;
export type DayOfWeek = number;
export interface AdapterAccount {
  type: string;
}
