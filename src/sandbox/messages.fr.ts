import type { SandboxMessages } from "./messages.en.ts";

export const fr: SandboxMessages = {
  previewMarker:
    "Aperçu — pas la publication programmée. Le bac à sable l’envoie chaque fois que vous le demandez.",
};
