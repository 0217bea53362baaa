import { z } from 'zod';
import { FileOut } from '../casework';
import { ConsentFormInput, ConsentRecord, ConsentRecordInput, ConsentWithdrawInput } from '../consent';
import { defineCalls } from './define';

export const consentCalls = defineCalls({
  'consents.list': {
    summary: "A client's consents, newest first, each with its status as of today",
    input: z.object({ clientId: z.string().uuid('Not a valid id') }).strict(),
    output: z.object({ items: z.array(ConsentRecord) }),
  },
  'consents.record': {
    summary: 'Record a consent: processing by the office, or sharing with a named partner',
    input: ConsentRecordInput,
    output: ConsentRecord,
  },
  'consents.withdraw': {
    summary: 'Record that the client withdrew a consent (kept, marked withdrawn from that day)',
    input: ConsentWithdrawInput,
    output: ConsentRecord,
  },
  'consents.form': {
    summary: "A printable A4 consent form in the client's script, with signature and date lines",
    input: ConsentFormInput,
    output: FileOut,
  },
});
