import { describe, expect, it } from "vitest";
import { validateMessageBlocks, validateView } from "../../src/sandbox/blockkit.ts";

const plain = (text: string) => ({ type: "plain_text", text });
const md = (text: string) => ({ type: "mrkdwn", text });
const section = (text: string) => ({ type: "section", text: md(text) });
const button = (actionId: string, extra: Record<string, unknown> = {}) => ({
  type: "button",
  text: plain("Go"),
  action_id: actionId,
  ...extra,
});
const option = (value: string, text = value) => ({ text: plain(text), value });
const input = (element: Record<string, unknown>, blockId = "b") => ({
  type: "input",
  block_id: blockId,
  label: plain("Label"),
  element,
});
const modal = (blocks: unknown[], extra: Record<string, unknown> = {}) => ({
  type: "modal",
  title: plain("Propose a post"),
  submit: plain("Send"),
  blocks,
  ...extra,
});

describe("message blocks that Slack accepts", () => {
  it("accepts every supported block and element", () => {
    const blocks = [
      { type: "header", text: plain("Weekly digest") },
      { type: "section", text: md("*hi*"), accessory: button("a1", { style: "primary" }) },
      { type: "section", fields: [md("a"), plain("b")] },
      { type: "divider" },
      {
        type: "context",
        elements: [md("ctx"), { type: "image", image_url: "https://x/y.png", alt_text: "y" }],
      },
      { type: "image", image_url: "https://x/y.png", alt_text: "chart", title: plain("Chart") },
      {
        type: "actions",
        elements: [
          button("approve", { style: "primary", value: "p1" }),
          button("reject", {
            style: "danger",
            confirm: {
              title: plain("Sure?"),
              text: md("Really"),
              confirm: plain("Yes"),
              deny: plain("No"),
            },
          }),
          button("open", { url: "https://example.com" }),
          { type: "static_select", action_id: "s", options: [option("x")] },
          {
            type: "multi_static_select",
            action_id: "ms",
            option_groups: [{ label: plain("G"), options: [option("y")] }],
          },
          { type: "users_select", action_id: "u" },
          { type: "multi_users_select", action_id: "mu" },
          { type: "conversations_select", action_id: "c", filter: { include: ["public"] } },
          { type: "multi_conversations_select", action_id: "mc" },
          { type: "channels_select", action_id: "ch" },
          { type: "datepicker", action_id: "d", initial_date: "2026-11-23" },
          { type: "timepicker", action_id: "t", initial_time: "09:00" },
          { type: "datetimepicker", action_id: "dt", initial_date_time: 1_700_000_000 },
          { type: "overflow", action_id: "o", options: [option("1"), option("2")] },
          { type: "checkboxes", action_id: "cb", options: [{ text: md("*a*"), value: "a" }] },
          { type: "radio_buttons", action_id: "rb", options: [option("a")] },
        ],
      },
      {
        type: "rich_text",
        elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "x" }] }],
      },
    ];
    expect(validateMessageBlocks(blocks)).toBeNull();
  });

  it("accepts exactly the limits", () => {
    expect(
      validateMessageBlocks(Array.from({ length: 50 }, () => ({ type: "divider" }))),
    ).toBeNull();
    expect(validateMessageBlocks([section("x".repeat(3000))])).toBeNull();
    expect(validateMessageBlocks([{ type: "header", text: plain("h".repeat(150)) }])).toBeNull();
    expect(
      validateMessageBlocks([
        { type: "section", fields: Array.from({ length: 10 }, () => md("f".repeat(2000))) },
      ]),
    ).toBeNull();
  });
});

/** Each case breaks exactly one rule of a valid message. */
const badMessages: Array<[string, unknown[]]> = [
  ["51 blocks", Array.from({ length: 51 }, () => ({ type: "divider" }))],
  ["section text over 3000", [section("x".repeat(3001))]],
  ["11 fields", [{ type: "section", fields: Array.from({ length: 11 }, () => md("f")) }]],
  ["a field over 2000", [{ type: "section", fields: [md("f".repeat(2001))] }]],
  ["a section with neither text nor fields", [{ type: "section" }]],
  ["header over 150", [{ type: "header", text: plain("h".repeat(151)) }]],
  ["header in mrkdwn", [{ type: "header", text: md("*h*") }]],
  [
    "button text over 75",
    [{ type: "actions", elements: [{ ...button("a"), text: plain("b".repeat(76)) }] }],
  ],
  ["button text in mrkdwn", [{ type: "actions", elements: [{ ...button("a"), text: md("b") }] }]],
  [
    "button value over 2000",
    [{ type: "actions", elements: [button("a", { value: "v".repeat(2001) })] }],
  ],
  [
    "button style other than primary/danger",
    [{ type: "actions", elements: [button("a", { style: "green" })] }],
  ],
  [
    "26 elements in actions",
    [{ type: "actions", elements: Array.from({ length: 26 }, (_, i) => button(`a${i}`)) }],
  ],
  [
    "11 elements in context",
    [{ type: "context", elements: Array.from({ length: 11 }, () => md("c")) }],
  ],
  [
    "101 select options",
    [
      {
        type: "actions",
        elements: [
          {
            type: "static_select",
            action_id: "s",
            options: Array.from({ length: 101 }, (_, i) => option(`o${i}`)),
          },
        ],
      },
    ],
  ],
  [
    "option text over 75",
    [
      {
        type: "actions",
        elements: [{ type: "static_select", options: [option("a", "t".repeat(76))] }],
      },
    ],
  ],
  [
    "option value over 75",
    [{ type: "actions", elements: [{ type: "static_select", options: [option("v".repeat(76))] }] }],
  ],
  [
    "a select without options",
    [{ type: "actions", elements: [{ type: "static_select", action_id: "s" }] }],
  ],
  ["action_id over 255", [{ type: "actions", elements: [button("a".repeat(256))] }]],
  ["block_id over 255", [{ type: "divider", block_id: "b".repeat(256) }]],
  [
    "duplicate action_ids in a block",
    [{ type: "actions", elements: [button("same"), button("same")] }],
  ],
  [
    "duplicate block_ids",
    [
      { ...section("a"), block_id: "x" },
      { ...section("b"), block_id: "x" },
    ],
  ],
  ["an input block in a message", [input({ type: "plain_text_input", action_id: "t" })]],
  ["an unknown block type", [{ type: "carousel" }]],
  [
    "an unknown element type",
    [{ type: "actions", elements: [{ type: "slider", action_id: "s" }] }],
  ],
  [
    "an input element in actions",
    [{ type: "actions", elements: [{ type: "plain_text_input", action_id: "t" }] }],
  ],
  [
    "a text object of an unknown type",
    [{ type: "section", text: { type: "html", text: "<b>x</b>" } }],
  ],
  ["empty mrkdwn", [section("")]],
  ["text that is not a string", [{ type: "section", text: { type: "mrkdwn", text: 42 } }]],
  [
    "an unknown field (a typo)",
    [{ type: "actions", elements: [{ type: "button", text: plain("x"), acton_id: "a" }] }],
  ],
  ["a block that is not an object", ["divider"]],
];

describe("message blocks that Slack refuses", () => {
  it.each(badMessages)("refuses %s with invalid_blocks", (_name, blocks) => {
    const result = validateMessageBlocks(blocks);
    expect(result?.error).toBe("invalid_blocks");
    expect(result?.detail).toMatch(/^\[ERROR\] .+ \[json-pointer:\/blocks/);
  });

  it("refuses blocks that are not an array with invalid_blocks_format", () => {
    expect(validateMessageBlocks("[{]")?.error).toBe("invalid_blocks_format");
    expect(validateMessageBlocks({ type: "divider" })?.error).toBe("invalid_blocks_format");
  });

  it("points at the offending field in Slack's words", () => {
    expect(validateMessageBlocks([{ type: "divider" }, section("x".repeat(3001))])?.detail).toBe(
      "[ERROR] must be less than 3001 characters [json-pointer:/blocks/1/text/text]",
    );
    expect(validateMessageBlocks([input({ type: "plain_text_input" })])?.detail).toMatch(
      /only allowed in modals/,
    );
  });
});

describe("views", () => {
  const allInputs = [
    input(
      {
        type: "plain_text_input",
        action_id: "text",
        multiline: true,
        min_length: 0,
        max_length: 3000,
      },
      "b1",
    ),
    input(
      { type: "number_input", action_id: "n", is_decimal_allowed: false, min_value: "0" },
      "b2",
    ),
    input({ type: "url_text_input", action_id: "url" }, "b3"),
    input({ type: "email_text_input", action_id: "email" }, "b4"),
    input(
      {
        type: "static_select",
        action_id: "s",
        options: [option("x")],
        initial_option: option("x"),
      },
      "b5",
    ),
    input({ type: "multi_static_select", action_id: "ms", options: [option("x")] }, "b6"),
    input({ type: "datepicker", action_id: "d" }, "b7"),
    input({ type: "timepicker", action_id: "t" }, "b8"),
    input({ type: "datetimepicker", action_id: "dt" }, "b9"),
    input({ type: "checkboxes", action_id: "cb", options: [option("x")] }, "b10"),
    input({ type: "radio_buttons", action_id: "rb", options: [option("x")] }, "b11"),
    input({ type: "users_select", action_id: "u" }, "b12"),
    input({ type: "multi_users_select", action_id: "mu" }, "b13"),
    input({ type: "conversations_select", action_id: "c" }, "b14"),
    input({ type: "channels_select", action_id: "ch" }, "b15"),
    input({ type: "multi_conversations_select", action_id: "mc" }, "b16"),
  ];

  it("accepts a modal with every input element, and a home tab", () => {
    const view = modal(allInputs, {
      close: plain("Cancel"),
      callback_id: "propose",
      private_metadata: "m".repeat(3000),
    });
    expect(validateView(view)).toBeNull();
    expect(validateView({ type: "home", blocks: [section("Home")] })).toBeNull();
    expect(
      validateView(modal(Array.from({ length: 100 }, () => ({ type: "divider" })))),
    ).toBeNull();
  });

  const badViews: Array<[string, unknown]> = [
    ["a title over 24", modal([], { title: plain("t".repeat(25)) })],
    ["a mrkdwn title", modal([], { title: md("t") })],
    ["a submit over 24", modal([], { submit: plain("s".repeat(25)) })],
    ["a close over 24", modal([], { close: plain("c".repeat(25)) })],
    ["private_metadata over 3000", modal([], { private_metadata: "m".repeat(3001) })],
    ["callback_id over 255", modal([], { callback_id: "c".repeat(256) })],
    ["101 blocks", modal(Array.from({ length: 101 }, () => ({ type: "divider" })))],
    ["input blocks without submit", { type: "modal", title: plain("T"), blocks: [allInputs[0]] }],
    ["an unknown view type", { type: "popup", title: plain("T"), blocks: [] }],
    ["a missing title", { type: "modal", blocks: [] }],
    ["an input block in a home tab", { type: "home", blocks: [allInputs[0]] }],
    [
      "max_length over 3000",
      modal([input({ type: "plain_text_input", action_id: "t", max_length: 3001 })]),
    ],
    [
      "min_length over 3000",
      modal([input({ type: "plain_text_input", action_id: "t", min_length: 3001 })]),
    ],
    [
      "min_length above max_length",
      modal([input({ type: "plain_text_input", action_id: "t", min_length: 10, max_length: 5 })]),
    ],
    [
      "number_input without is_decimal_allowed",
      modal([input({ type: "number_input", action_id: "n" })]),
    ],
    ["a button as input element", modal([input(button("x"))])],
    [
      "duplicate block_ids",
      modal([
        input({ type: "datepicker", action_id: "a" }, "same"),
        input({ type: "datepicker", action_id: "b" }, "same"),
      ]),
    ],
    ["a view that is not an object", "modal"],
  ];

  it.each(badViews)("refuses %s with invalid_arguments", (_name, view) => {
    const result = validateView(view);
    expect(result?.error).toBe("invalid_arguments");
    expect(result?.messages.length).toBeGreaterThan(0);
  });

  it("narrows the view type to what the method takes", () => {
    expect(validateView({ type: "home", blocks: [] }, "modal")?.error).toBe("invalid_arguments");
    expect(validateView(modal([]), "home")?.error).toBe("invalid_arguments");
  });

  it("names the field in Slack's json-pointer form", () => {
    expect(validateView(modal([], { title: plain("t".repeat(25)) }))?.detail).toBe(
      "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]",
    );
  });
});
