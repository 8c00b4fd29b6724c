/**
 * A small documentation site for the tests of code blocks and how-to answers: front matter, an
 * MDX page with imports and JSX, admonitions, code fences in two languages (YAML and shell), a
 * procedure as a numbered list under a heading that names the task, and a code block that tries
 * to close its fence, ping and link.
 */
export const DOCS_PAGES: Record<string, string> = {
  'install.md': `---
title: Installing Harbor
---
# Installing Harbor

Harbor is a media server for your music and films. It runs in a container or as a system package.

## Docker

The container image is published for every release. Put this service in your compose file and start it with the compose tool:

\`\`\`yaml
services:
  harbor:
    image: harbor/server:latest
    volumes:
      - ./harbor-data:/data
    restart: unless-stopped
\`\`\`

:::tip

Keep the **data** volume outside the container, so an upgrade never touches your library.

:::

## Debian and Ubuntu

The package installs a service that starts when the machine boots.

\`\`\`sh
sudo apt-get install harbor-server
sudo systemctl enable --now harbor
\`\`\`
`,
  'backups.mdx': `---
title: Backups
---
import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';

# Backups

Harbor keeps its settings, users and watch history in the data folder. The media files themselves are never changed.

## Making a backup

To make a backup:

1. Stop the Harbor service so that the database is not written to.
2. Copy the whole data folder to another disk or machine.
3. Start the Harbor service again.

<Tabs>
<TabItem value="note" label="Note">

A backup of a running server may hold a damaged database.

</TabItem>
</Tabs>

## Restoring a backup

1. Stop the Harbor service.
2. Put the saved data folder in place of the current one.
3. Start the service and sign in with an account you had then.

## How long backups are kept

Harbor itself deletes nothing: old copies stay wherever you put them until you remove them.
`,
  'networking.md': `---
title: Networking
---
# Networking

The server listens on port 8096 by default, for web browsers and for the apps alike.

## Reverse proxy

A reverse proxy in front of Harbor adds HTTPS. Forward every request to the port the server listens on:

\`\`\`yaml
proxy:
  upstream: http://harbor:8096
  ports:
    - 443:443
\`\`\`

## Troubleshooting

When the apps cannot connect, the firewall usually blocks the port. Paste the log line below when you ask for help.

~~~text
\`\`\`
@everyone <@123456789> [free nitro](https://evil.example) **bold**
~~~
`,
};
