// The comparison endpoint: @neo4j/graphql over the same Neo4j and data, served by Yoga.
// Run from the repo root: node --import tsx bench/compare/peer-server.ts (env NEO4J_URI, PORT).
import { createServer } from 'node:http';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { createYoga } from 'graphql-yoga';
import neo4j from 'neo4j-driver';

// The same labels and relationship types as our ontology, for the types the benchmark queries.
const typeDefs = /* GraphQL */ `
  type Country @node {
    id: ID!
    name: String
    nameTh: String
    iso2: String
    projects: [Project!]! @relationship(type: "AWARDED_TO", direction: IN)
    meetings: [Meeting!]! @relationship(type: "ATTENDED", direction: OUT)
  }
  type Organization @node {
    id: ID!
    name: String
    nameTh: String
    meetings: [Meeting!]! @relationship(type: "ATTENDED", direction: OUT)
  }
  type Meeting @node {
    id: ID!
    name: String
    nameTh: String
    startDate: Date
    countries: [Country!]! @relationship(type: "ATTENDED", direction: IN)
    organizations: [Organization!]! @relationship(type: "ATTENDED", direction: IN)
    documents: [Document!]! @relationship(type: "PRODUCED", direction: OUT)
  }
  type Document @node {
    id: ID!
    name: String
    meetings: [Meeting!]! @relationship(type: "PRODUCED", direction: IN)
  }
  type Project @node {
    id: ID!
    name: String
    amount: String
    currency: String
    year: Int
    recipients: [Country!]! @relationship(type: "AWARDED_TO", direction: OUT)
    topics: [Topic!]! @relationship(type: "ADDRESSES", direction: OUT)
  }
  type Topic @node {
    id: ID!
    name: String
    projects: [Project!]! @relationship(type: "ADDRESSES", direction: IN)
  }
`;

const driver = neo4j.driver(
  process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7699',
  neo4j.auth.basic('neo4j', process.env.NEO4J_PASSWORD ?? ''),
);
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const yoga = createYoga({ schema, graphqlEndpoint: '/graphql', logging: 'error', graphiql: false });
const server = createServer(yoga);
server.listen(Number(process.env.PORT ?? 4100), '127.0.0.1', () => console.log('PEER_READY'));
process.on('SIGTERM', () => server.close(() => driver.close().then(() => process.exit(0))));
