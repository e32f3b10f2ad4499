// A small Express shop API written for armur to scan. Deliberately insecure: never run or deploy it.
const express = require('express');
const session = require('express-session');
const mysql = require('mysql2');
const { exec, execFile } = require('child_process');
const path = require('path');
const axios = require('axios');

const app = express();
app.use(express.json());
app.use(session({ secret: 'shop-session-secret', cookie: { secure: false, maxAge: 3600000 } }));

const db = mysql.createConnection({ host: 'localhost', user: 'shop', database: 'shop' });
const INVOICES = path.join(__dirname, 'invoices');

app.get('/products', (req, res) => {
  db.query(`SELECT * FROM products WHERE name LIKE '%${req.query.q}%'`, (err, rows) => res.json(rows));
});

app.get('/products/:id', (req, res) => {
  db.query('SELECT * FROM products WHERE id = ?', [req.params.id], (err, rows) => res.json(rows[0]));
});

app.get('/invoice', (req, res) => {
  res.sendFile(path.join(INVOICES, req.query.file));
});

app.get('/invoice/safe', (req, res) => {
  res.sendFile(path.basename(req.query.file), { root: INVOICES });
});

app.post('/export', (req, res) => {
  exec('zip -r /tmp/export.zip ' + req.body.folder, () => res.sendStatus(202));
});

app.post('/export/safe', (req, res) => {
  execFile('zip', ['-r', '/tmp/export.zip', '--', String(req.body.folder)], () => res.sendStatus(202));
});

app.get('/search', (req, res) => {
  res.send(`<h1>Results for ${req.query.q}</h1>`);
});

app.get('/preview', async (req, res) => {
  const page = await axios.get(req.query.url);
  res.json({ length: page.data.length });
});

app.get('/continue', (req, res) => {
  res.redirect(req.query.next);
});

module.exports = app;
