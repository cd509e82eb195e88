import type { BusyMessages } from "./busy.messages.en.ts";

export const fr: BusyMessages = {
  busy: "Greenlight est très sollicité en ce moment et n’a rien fait de cette demande. Réessayez dans un instant.",
};
