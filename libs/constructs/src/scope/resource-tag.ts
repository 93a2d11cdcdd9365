/** One AWS resource tag, as a selection or a cost filter names it. */
export interface ResourceTag {
  /** The tag's key. */
  readonly key: string;
  /** The tag's value. */
  readonly value: string;
}
