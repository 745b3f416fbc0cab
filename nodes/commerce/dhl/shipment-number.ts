import { FatalError, type JsonObject } from '../../sdk/index.js';

/** The param's value, else the item's `shipmentNo` (what `dhl.createLabel` outputs); FatalError when neither. */
export function shipmentNumberOf(param: string | undefined, json: JsonObject, paramName: string, nodeType: string): string {
  const fromParam = param?.trim();
  if (fromParam !== undefined && fromParam !== '') return fromParam;
  const fromItem = json.shipmentNo;
  if (typeof fromItem === 'string' && fromItem.trim() !== '') return fromItem.trim();
  if (typeof fromItem === 'number') return String(fromItem);
  throw new FatalError(`${nodeType} needs a shipment number: set "${paramName}" or pass an item with shipmentNo`, {
    code: 'DHL_SHIPMENT_NUMBER_MISSING', param: paramName,
  });
}
