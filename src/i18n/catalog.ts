import type { Lang } from "./lang.ts";

/**
 * A feature's texts in every language. Each feature writes `messages.en.ts`
 * (`export const en = {…}`, whose type is the feature's messages type) and
 * `messages.fr.ts` (`export const fr: typeof en = {…}`): the compiler refuses
 * a French catalog with a key missing, a key too many or a function taking
 * other arguments. Texts with arguments are functions.
 */
export type Catalogs<M> = Readonly<Record<Lang, M>>;

/** The messages of one feature in one language: `const t = rolesText(lang)`. */
export function catalog<M>(catalogs: Catalogs<M>): (lang: Lang) => M {
  return (lang) => catalogs[lang];
}

/**
 * Sample arguments for every function of a catalog, for the test that renders
 * every text in every language. Typed from the catalog, so adding a text with
 * arguments without samples fails the typecheck.
 */
export type Samples<M> = {
  [K in keyof M as SampleOf<M[K]> extends never ? never : K]: SampleOf<M[K]>;
};

type SampleOf<V> = V extends (...args: infer A) => unknown
  ? readonly A[]
  : V extends string | number | boolean | readonly unknown[]
    ? never
    : keyof Samples<V> extends never
      ? never
      : Samples<V>;

/**
 * A catalog's type as the other languages must follow it: the keys and each
 * function's arguments of the English catalog, with texts widened to `string`
 * (TypeScript infers `"Reject" | "Send back"` for a function choosing between
 * two texts, which no translation would match).
 */
export type Messages<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : T[K] extends string
      ? string
      : T[K] extends object
        ? Messages<T[K]>
        : T[K];
};
