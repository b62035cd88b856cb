# One multi-stage image recipe for every app of the workspace; the app is a build argument:
#   docker build --build-arg APP=web-bff -t bff/web-bff .
# (nx run web-bff:docker-build does exactly this.)

FROM node:20-bookworm-slim AS build
ARG APP
WORKDIR /workspace
ENV NX_DAEMON=false NX_NO_CLOUD=true
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN test -n "$APP" && npx nx build "$APP" --output-style=static

FROM node:20-bookworm-slim AS runtime
ARG APP
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /workspace/dist/apps/${APP}/ ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
USER node
CMD ["node", "main.js"]
