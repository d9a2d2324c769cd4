# The app alone; Neo4j comes from docker-compose.yml (NEO4J_URI is set, so no local Neo4j starts).
FROM node:20-bookworm-slim
WORKDIR /app
# Documents in (npm run kb:import, importSource): poppler reads PDFs, Tesseract reads scans in Thai and English.
RUN apt-get update && apt-get install -y --no-install-recommends poppler-utils tesseract-ocr tesseract-ocr-tha \
  && rm -rf /var/lib/apt/lists/*
# Production mode: no GraphiQL, introspection or open CORS unless switched on; listen beyond loopback.
ENV NODE_ENV=production HOST=0.0.0.0
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY tsconfig.json ./
COPY web ./web
RUN npm run build:web && npm prune --omit=dev
COPY src ./src
COPY cypher ./cypher
COPY data ./data
COPY schema ./schema
USER node
EXPOSE 4000
# A young generation of 64 MB a half, not 16: under load a scavenge found most of 32 requests' objects
# still alive and copied them; fewer, larger ones cut the server's CPU a request (docs/reports/search-speed.md).
CMD ["node", "--max-semi-space-size=64", "--import", "tsx", "src/main.ts"]
