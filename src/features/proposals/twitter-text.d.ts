// @ambassify/twitter-text is a maintained fork of twitter-text 3.1 with the
// same API (it swaps core-js@2 for core-js-pure@3) and ships no types of its
// own: it reuses those of the original (@types/twitter-text).
declare module "@ambassify/twitter-text" {
  import twitterText from "twitter-text";
  export default twitterText;
}
