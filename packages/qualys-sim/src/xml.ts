/**
 * The XML the v2 API answers with, laid out as the captured US3 responses are (the US3 recordings in JupiterOne-Archives/graph-qualys, src/provider/__recordings__): an XML declaration
 * with a space before `?>`, a DOCTYPE naming the platform's DTD, two-space indentation.
 */

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
// CDATA cannot contain `]]>`: split it across two sections.
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`

/** `2020-11-23T18:29:09Z`: seconds precision, as in the captures. */
export function qualysDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export interface SimpleReturn {
  apiServer: string
  now: number
  code?: number
  text: string
  items?: Array<[string, string]>
}

export function simpleReturn({ apiServer, now, code, text, items }: SimpleReturn): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<!DOCTYPE SIMPLE_RETURN SYSTEM "${apiServer}/api/2.0/simple_return.dtd">`,
    '<SIMPLE_RETURN>',
    '  <RESPONSE>',
    `    <DATETIME>${qualysDateTime(now)}</DATETIME>`,
  ]
  if (code !== undefined) lines.push(`    <CODE>${code}</CODE>`)
  lines.push(`    <TEXT>${escapeText(text)}</TEXT>`)
  if (items && items.length > 0) {
    lines.push('    <ITEM_LIST>')
    for (const [key, value] of items) lines.push('      <ITEM>', `        <KEY>${escapeText(key)}</KEY>`, `        <VALUE>${escapeText(value)}</VALUE>`, '      </ITEM>')
    lines.push('    </ITEM_LIST>')
  }
  lines.push('  </RESPONSE>', '</SIMPLE_RETURN>')
  return lines.join('\n') + '\n'
}

export interface OptionProfileRow {
  id: number
  title: string
  type: string
  owner: string
  subscriptionId: number
  isDefault: boolean
  isGlobal: boolean
}

/** `OPTION_PROFILES` per `option_profile_info.dtd`. The SCAN block is a plausible minimum, not every setting. */
export function optionProfileList(apiServer: string, profiles: OptionProfileRow[]): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<!DOCTYPE OPTION_PROFILES SYSTEM "${apiServer}/api/2.0/fo/subscription/option_profile/option_profile_info.dtd">`,
    '<OPTION_PROFILES>',
  ]
  for (const p of profiles) {
    lines.push(
      '  <OPTION_PROFILE>',
      '    <BASIC_INFO>',
      `      <ID>${p.id}</ID>`,
      `      <GROUP_NAME>${cdata(p.title)}</GROUP_NAME>`,
      `      <GROUP_TYPE>${p.type}</GROUP_TYPE>`,
      `      <USER_ID>${cdata(p.owner)}</USER_ID>`,
      '      <UNIT_ID>0</UNIT_ID>',
      `      <SUBSCRIPTION_ID>${p.subscriptionId}</SUBSCRIPTION_ID>`,
      `      <IS_DEFAULT>${p.isDefault ? 1 : 0}</IS_DEFAULT>`,
      `      <IS_GLOBAL>${p.isGlobal ? 1 : 0}</IS_GLOBAL>`,
      '      <IS_OFFLINE_SYNCABLE>0</IS_OFFLINE_SYNCABLE>',
      '      <UPDATE_DATE>N/A</UPDATE_DATE>',
      '    </BASIC_INFO>',
      '    <SCAN>',
      '      <PORTS>',
      '        <TCP_PORTS>',
      '          <TCP_PORTS_TYPE>standard</TCP_PORTS_TYPE>',
      '          <THREE_WAY_HANDSHAKE>0</THREE_WAY_HANDSHAKE>',
      '        </TCP_PORTS>',
      '      </PORTS>',
      '      <SCAN_DEAD_HOSTS>0</SCAN_DEAD_HOSTS>',
      '      <PERFORMANCE>',
      '        <PARALLEL_SCALING>0</PARALLEL_SCALING>',
      '        <OVERALL_PERFORMANCE>Normal</OVERALL_PERFORMANCE>',
      '      </PERFORMANCE>',
      '      <VULNERABILITY_DETECTION>',
      '        <COMPLETE>1</COMPLETE>',
      '      </VULNERABILITY_DETECTION>',
      '    </SCAN>',
      '  </OPTION_PROFILE>',
    )
  }
  lines.push('</OPTION_PROFILES>')
  return lines.join('\n') + '\n'
}
