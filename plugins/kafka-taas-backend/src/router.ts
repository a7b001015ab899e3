import express from 'express';
import Router from 'express-promise-router';
import { ClusterService } from './services/ClusterService';

export async function createRouter(options: {
  clusters: ClusterService;
}): Promise<express.Router> {
  const { clusters } = options;
  const router = Router();
  router.use(express.json());

  router.get('/clusters', async (_req, res) => {
    res.json({ items: await clusters.list() });
  });

  return router;
}
