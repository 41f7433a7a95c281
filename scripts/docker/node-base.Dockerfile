# A local stand-in for the official Node slim image, for machines that reach no
# image registry: scripts/docker/base-image.sh builds it from a debootstrap of
# Debian bookworm plus this machine's own Node binary, npm and CA bundle, laid
# out like the official image (/usr/local, user `node` with uid 1000).
ARG ROOTFS_IMAGE
FROM ${ROOTFS_IMAGE}
ARG NODE_VERSION
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
  && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
  && groupadd --gid 1000 node \
  && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
  && node --version && npm --version
# Node has its own root certificates; the machine's bundle adds whatever CA its
# network needs to reach the npm registry.
ENV NODE_VERSION=${NODE_VERSION} \
  NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["node"]
