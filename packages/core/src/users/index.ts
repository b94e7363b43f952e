export * from './groups.js';
export * from './password-policy.js';
export * from './userschema.js';
