/** Colour and shape of each entity type, shared by the canvas and the legend. */
export const typeStyles: Record<string, { color: string; shape: string }> = {
  Country: { color: '#1f77b4', shape: 'ellipse' },
  Organization: { color: '#2ca02c', shape: 'round-rectangle' },
  Person: { color: '#9467bd', shape: 'ellipse' },
  Meeting: { color: '#ff7f0e', shape: 'diamond' },
  WorkingGroup: { color: '#17becf', shape: 'round-hexagon' },
  Agreement: { color: '#d62728', shape: 'round-tag' },
  Document: { color: '#8c564b', shape: 'rectangle' },
  WorkPlan: { color: '#e377c2', shape: 'round-rectangle' },
  Initiative: { color: '#bcbd22', shape: 'star' },
  Fund: { color: '#006d2c', shape: 'octagon' },
  FundApproval: { color: '#637939', shape: 'octagon' },
  FundAllocation: { color: '#74c476', shape: 'octagon' },
  Project: { color: '#a1d99b', shape: 'round-triangle' },
  Policy: { color: '#636363', shape: 'round-pentagon' },
  Topic: { color: '#9ecae1', shape: 'ellipse' },
  DigitalService: { color: '#393b79', shape: 'round-rectangle' },
  Amendment: { color: '#fc9272', shape: 'vee' },
  Commitment: { color: '#c51b8a', shape: 'round-diamond' },
  Benefit: { color: '#fdd0a2', shape: 'ellipse' },
  Source: { color: '#444444', shape: 'rectangle' },
};

export const styleOf = (type: string) => typeStyles[type] ?? { color: '#888888', shape: 'ellipse' };
