export const en = {
  busy: "Greenlight is busy right now and did nothing with this. Try again in a moment.",
};

export type BusyMessages = typeof en;
