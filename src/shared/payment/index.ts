/**
 * src/shared/payment — paying fees by slip and by phone (DOMAIN.md §3): account control digits,
 * model 97 references, payment codes, amounts and NBS IPS QR payloads. Pure functions, no I/O;
 * imports nothing outside this folder.
 */
export * from './account';
export * from './ips-qr';
export * from './model97';
export * from './mod97';
export * from './money';
export * from './payment-code';
