/**
 * @module sdk/catalogue
 * The SDK types GetSdkTypes / GetSdkType list, and which of them apigw-local
 * generates.
 *
 * AWS's ids are `java`, `javascript`, `android`, `objectivec`, `swift` and
 * `ruby` (API Reference, GetSdk: "Currently java, javascript, android,
 * objectivec (for iOS), swift (for iOS), and ruby are supported"). The
 * configuration property names come from the same page (classPrefix for
 * objectivec/swift; groupId, artifactId, artifactVersion, invokerPackage for
 * android; serviceName, javaPackageName for java) and from the Developer
 * Guide's CLI example for ruby (service.name, ruby.gem-name,
 * ruby.gem-version); friendly names follow the console's labels in the
 * Developer Guide ("Generate an SDK for a REST API in API Gateway").
 * Known gap: the descriptions and friendly names are written from those
 * pages, not from a recorded GetSdkTypes answer; the Java type's optional
 * console fields (build system, group/artifact id and version, licence text)
 * are not listed because their property names are not documented.
 *
 * `typescript` is not an AWS type: it is apigw-local's own typed client,
 * listed with a description saying so. apigw-local generates `javascript`
 * and `typescript`; GetSdk for the other AWS types is refused naming them.
 */
import type { ConfigurationProperty } from './types';

export interface SdkTypeInfo {
  id: string;
  friendlyName: string;
  description: string;
  configurationProperties: ConfigurationProperty[];
}

const req = (name: string, friendlyName: string, description: string): ConfigurationProperty => ({ name, friendlyName, description, required: true });
const opt = (name: string, friendlyName: string, description: string, defaultValue?: string): ConfigurationProperty => {
  const p: ConfigurationProperty = { name, friendlyName, description, required: false };
  if (defaultValue !== undefined) p.defaultValue = defaultValue;
  return p;
};

export const SDK_TYPES: readonly SdkTypeInfo[] = [
  {
    id: 'android',
    friendlyName: 'Android',
    description: 'Java SDK for Android applications',
    configurationProperties: [
      req('groupId', 'Group ID', 'The unique identifier of the project, used in the pom.xml file (for example com.mycompany)'),
      req('invokerPackage', 'Invoker package', 'The namespace of the generated client classes (for example com.mycompany.clientsdk)'),
      req('artifactId', 'Artifact ID', 'The name of the compiled .jar file without the version, used in the pom.xml file'),
      req('artifactVersion', 'Artifact version', 'The version of the generated client, major.minor.patch (for example 1.0.0)'),
    ],
  },
  {
    id: 'java',
    friendlyName: 'Java',
    description: 'Java SDK',
    configurationProperties: [
      req('serviceName', 'Service Name', 'The name of the SDK client class (no hyphens)'),
      req('javaPackageName', 'Java Package Name', 'The namespace of the SDK library (no hyphens)'),
    ],
  },
  {
    id: 'javascript',
    friendlyName: 'JavaScript',
    description: 'JavaScript SDK for browsers and Node.js',
    configurationProperties: [],
  },
  {
    id: 'objectivec',
    friendlyName: 'iOS (Objective-C)',
    description: 'Objective-C SDK for iOS applications',
    configurationProperties: [req('classPrefix', 'Prefix', 'A unique prefix for the generated classes (for example SIMPLE_CALC)')],
  },
  {
    id: 'ruby',
    friendlyName: 'Ruby',
    description: 'Ruby SDK (a Ruby gem)',
    configurationProperties: [
      req('service.name', 'Service Name', 'The name of the SDK, used as the Ruby gem namespace (letters only)'),
      opt('ruby.gem-name', 'Ruby Gem Name', 'The name of the Ruby gem (default: the lower-cased service name plus -sdk)'),
      opt('ruby.gem-version', 'Ruby Gem Version', 'The version of the generated Ruby gem', '1.0.0'),
    ],
  },
  {
    id: 'swift',
    friendlyName: 'iOS (Swift)',
    description: 'Swift SDK for iOS applications',
    configurationProperties: [req('classPrefix', 'Prefix', 'A unique prefix for the generated classes (for example SIMPLE_CALC)')],
  },
  {
    id: 'typescript',
    friendlyName: 'TypeScript (apigw-local)',
    description:
      'apigw-local extension, not an AWS SDK type: a typed TypeScript/JavaScript client (index.js, index.d.ts, package.json) with a method per operation',
    configurationProperties: [
      opt('packageName', 'Package Name', 'The name in the generated package.json (default: the API name, lower-cased, plus -client)'),
      opt('baseUrl', 'Base URL', "The stage's invoke URL the client calls by default (default: the apigw-local server's URL for the stage)"),
    ],
  },
];

/** The types apigw-local generates. */
export const GENERATED_SDK_TYPES: readonly string[] = ['javascript', 'typescript'];

export function sdkTypeById(id: string): SdkTypeInfo | undefined {
  return SDK_TYPES.find((t) => t.id === id);
}
