import type { Samples } from "../../../src/i18n/catalog.ts";
import type { RolesMessages } from "../../../src/features/roles/messages.ts";
import { en } from "../../../src/features/roles/messages.en.ts";
import { fr } from "../../../src/features/roles/messages.fr.ts";
import { catalogUnderTest } from "./walk.ts";

const samples: Samples<RolesMessages> = {
  notAUser: [["bob"], ["<!channel>"]],
  notARole: [["overlord"]],
  denied: [[["U_ALICE", "U_BOB"]], [[]]],
  isBot: [["U_BOT"]],
  isDeleted: [["U_GONE"]],
  isUnknown: [["U_NOBODY"]],
  assigned: [
    ["U_BOB", "approver"],
    ["U_CAROL", "analyst"],
    ["U_DAVE", "creator"],
  ],
  bootstrapped: [["U_ALICE"]],
  lastManager: [["U_ALICE"]],
  alreadyHas: [["U_BOB", "manager"]],
  approverReplaced: [["U_CAROL", "U_BOB"]],
  unassigned: [["U_CAROL", "designer"]],
  notHolding: [["U_CAROL", "curator"]],
  approverLine: [["U_BOB"]],
  roleLine: [
    ["manager", ["U_ALICE"]],
    ["creator", ["U_BOB", "U_CAROL"]],
  ],
  listFallback: [[0], [1], [2], [12345]],
};

export const roles = catalogUnderTest("roles", { en, fr }, samples);
