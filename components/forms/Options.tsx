// The <option>s of a select, one per item: submitted as `value` (the item itself by default) and read as `label`,
// a table of words for a list of allowed values (PRICING_LABELS) or a function of the item (the item by default).
// Options a select puts before them ("All teams") stay in the select itself.
interface Props<Item> {
  of: readonly Item[];
  value?: (item: Item) => string | number;
  label?: (Item extends string ? Readonly<Record<Item, string>> : never) | ((item: Item) => string);
}

export function Options<Item>({ of, value = String, label = String }: Props<Item>) {
  const labelOf = typeof label === 'function' ? label : (item: Item) => (label as Record<string, string>)[String(item)];
  return of.map((item) => {
    const key = value(item);
    return (
      <option key={key} value={key}>
        {labelOf(item)}
      </option>
    );
  });
}
