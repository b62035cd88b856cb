export { CompactProduct, PHONE_IMAGE_WIDTH, toCompactProduct } from './lib/compact-product';
export { applyFieldset, FieldCatalogue, Fieldset, parseFieldset, UnknownFieldError } from './lib/fieldset';
