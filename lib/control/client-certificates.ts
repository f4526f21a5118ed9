import type { HandlerTable } from './context';

export const clientCertificateHandlers: HandlerTable = {};
