/** What the sandbox adds to the messages it sends on the banner's buttons. */
export const en = {
  /** The first line of a preview: it is not the scheduled post, and it can be sent again. */
  previewMarker: "Preview — not the scheduled post. The sandbox sends it whenever you ask.",
};

export type SandboxMessages = typeof en;
